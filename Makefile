# Custos: the two commands a new machine needs are `make demo` and `make test`.

SHELL      := /bin/bash
.SHELLFLAGS := -o pipefail -c
SWIFT      ?= swift
BUILD_LOG  := .build/last-build.log
APT_PACKAGES := pkg-config libsecp256k1-dev libssl-dev libsodium-dev libusb-1.0-0-dev
APT_PACKAGES += libcurl4-openssl-dev faketime
# USB tests replay synthesised usbmon captures to the real libusb under umockdev.
APT_PACKAGES += umockdev
# The lab report's test renders it in a real browser (headless Chromium: --dump-dom, --screenshot).
APT_PACKAGES += chromium
# QR air-gap (issue 17): zlib raw deflate for BBQr Z and PNG, libqrencode renders, zbar scans; the CLIs for tests.
APT_PACKAGES += zlib1g-dev libqrencode-dev libzbar-dev qrencode zbar-tools
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps venv build release test lint format demo demo-firmware demo-psbt demo-ceremony demo-qr bench bench-firmware clean udev
.PHONY: bench-whole-process
.PHONY: fuzz fuzz-ci

## deps: install the Debian -dev packages Custos links against (only those missing).
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	    echo "Installing:$$missing"; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	else echo "System libraries present: $(APT_PACKAGES)"; fi
	@$(MAKE) --no-print-directory venv

## venv: the Python test oracles of requirements-test.txt in .venv/ (rebuilt when the file changes).
venv: .venv/.installed

.venv/.installed: requirements-test.txt
	@command -v python3 >/dev/null || { echo "python3 is required for the test oracles"; exit 1; }
	python3 -m venv .venv
	.venv/bin/pip install --quiet --upgrade pip
	@if grep -qvE '^\s*(#|$$)' requirements-test.txt; then .venv/bin/pip install --quiet -r requirements-test.txt; fi
	@touch $@

## build: debug build of everything, failing on any compiler warning in Custos's own code.
build: deps
	@mkdir -p .build
	$(SWIFT) build --build-tests 2>&1 | tee $(BUILD_LOG)
	@if grep -E "^/.*/(Sources|Tests|Benchmarks)/.*: warning:" $(BUILD_LOG); then \
	    echo "error: compiler warnings in Custos sources (see above)"; exit 1; fi

## release: optimised build of the custos executables. The Swift runtime is linked statically: it saves about
## 1 ms of dynamic loading per run, which matters for `custos firmware verify` (docs/PERFORMANCE.md).
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product custos
	$(SWIFT) build -c release --static-swift-stdlib --product custos-tuf

## test: everything CI checks: dependencies, lint, a warning-free build and the whole test suite.
test: deps lint build
	$(SWIFT) test --skip-build

## lint: swift-format in strict mode with the repository's .swift-format.
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Benchmarks Package.swift Fuzz/Sources Fuzz/Package.swift

## format: rewrite sources with swift-format.
format:
	$(SWIFT) format format --in-place --recursive Sources Tests Benchmarks Package.swift Fuzz/Sources Fuzz/Package.swift

## demo: install, build and run the main job on bundled data.
demo: release
	@echo "== custos --version"
	@.build/release/custos --version
	@echo
	@echo "== custos selftest (known-answer tests of every primitive against the installed C libraries)"
	@.build/release/custos selftest
	@echo
	@echo "== custos manifest: pin the example manifest's root, update from Firmware/manifest (TUF), show it"
	@rm -rf .build/demo-manifest
	@.build/release/custos manifest init --root Firmware/manifest/metadata/1.root.json --store .build/demo-manifest
	@.build/release/custos manifest update --from Firmware/manifest --store .build/demo-manifest
	@.build/release/custos manifest show --store .build/demo-manifest
	@echo
	@echo "== custos firmware verify --manifest: bundled test images against the example manifest; both are refused"
	@echo "   (a public dev key, and the prod-signed UNSAFE look-alike that trezorlib accepts), neither is approved"
	@.build/release/custos firmware verify --manifest .build/demo-manifest \
	    Firmware/test-images/trezor/T3T1-firmware-dev.bin Firmware/test-images/trezor/T3T1-firmware-unsafe-vendor.bin \
	    2>&1; status=$$?; echo "exit status $$status (1: refused, as expected)"; [ $$status -eq 1 ]
	@echo
	@echo "== custos devices list (real libusb; exit 0 with nothing attached)"
	@.build/release/custos devices list
	@echo
	@echo "== custos devices attest --manifest: a replayed Trezor One against a pinned manifest (TEST keys, a dev image)"
	@rm -rf .build/demo-attest-manifest
	@.build/release/custos manifest init --root Vectors/usb/manifest/metadata/1.root.json \
	    --store .build/demo-attest-manifest >/dev/null
	@.build/release/custos manifest update --from Vectors/usb/manifest --store .build/demo-attest-manifest --images
	@.build/release/custos devices attest --transcript Vectors/usb/trezor/attest-t1-dev.transcript \
	    --replay-recorded-challenge --manifest .build/demo-attest-manifest --allow-unofficial
	@echo
	@echo "== custos lab run Vectors/: every bundled case (firmware images, device transcripts, PSBT roles, TUF"
	@echo "   manifest updates, migration ceremonies) through the same library code as the commands above, with a"
	@echo "   report a lab can file"
	@.build/release/custos lab run Vectors/ --report demo-report.html
	@echo "Report: demo-report.html (self-contained HTML; case format and kinds: Vectors/README.md)"
	@$(MAKE) --no-print-directory demo-psbt
	@$(MAKE) --no-print-directory demo-ceremony
	@$(MAKE) --no-print-directory demo-qr

## demo-firmware: verify the bundled firmware test images and show the refused prod-signed UNSAFE look-alike.
demo-firmware:
	@echo
	@echo "== custos firmware inspect (a Trezor Safe 5 image: vendor header, fingerprint, signature slots)"
	@.build/release/custos firmware inspect Firmware/test-images/trezor/T3T1-firmware-dev.bin
	@echo
	@echo "== custos firmware verify Firmware/test-images/*/* (all signed with public debug or labelled TEST keys,"
	@echo "   tampered or malformed: every one must be refused or reported unparsable)"
	@.build/release/custos firmware verify Firmware/test-images/*/*.bin Firmware/test-images/*/*.dfu \
	    | cut -c1-160; echo "exit status $${PIPESTATUS[0]} (2: some images are deliberately unparsable)"
	@echo
	@echo "== the look-alike: Trezor's own prod-signed UNSAFE vendor header; trezorlib's verify() accepts it"
	@.build/release/custos firmware verify --json Firmware/test-images/trezor/T3T1-firmware-unsafe-vendor.bin; \
	    echo "exit status $$? (1: refused)"

## demo-psbt: a bundled 2-of-3 sweep (Vectors/psbt/demo) through inspect, combine, finalize and extract.
demo-psbt:
	@echo
	@echo "== custos psbt: a 2-of-3 wsh(sortedmulti) sweep signed by cosigners A and C (Vectors/psbt/demo)"
	@.build/release/custos psbt inspect Vectors/psbt/demo/cosigner-a.psbt --network regtest
	@.build/release/custos psbt combine Vectors/psbt/demo/cosigner-a.psbt Vectors/psbt/demo/cosigner-c.psbt \
	    -o .build/demo-combined.psbt
	@.build/release/custos psbt finalize .build/demo-combined.psbt -o .build/demo-final.psbt
	@echo "-- combined and finalized; the signed transaction:"
	@.build/release/custos psbt extract .build/demo-final.psbt
	@echo "-- a copy finalized with one signature bit flipped is refused (exit 1, the input named):"
	@.build/release/custos psbt extract Vectors/psbt/broken-finalized/wsh-sortedmulti-bad-signature.psbt; \
	    echo "exit status $$?"

## demo-ceremony: the bundled emergency migration (Vectors/ceremony/demo, regtest test keys) end to end: registration
## files, plan within the policy, status, combine, finalize, extract, a fee bump, and the audit log.
CEREMONY_DEMO := Vectors/ceremony/demo
CEREMONY_OUT := .build/demo-ceremony
demo-ceremony:
	@echo
	@echo "== custos migrate: sweep a 2-of-3 wallet whose cosigner B leaked its key ($(CEREMONY_DEMO)); the policy"
	@echo "   allows one safe address, caps fees at 50 sat/vB and 100,000 sat, and requires cosigners A and C"
	@rm -rf $(CEREMONY_OUT) && mkdir -p $(CEREMONY_OUT)
	@.build/release/custos migrate export --descriptor $(CEREMONY_DEMO)/descriptor.txt --name demo-vault \
	    --out-dir $(CEREMONY_OUT)/registration --network regtest
	@.build/release/custos migrate plan --descriptor $(CEREMONY_DEMO)/descriptor.txt \
	    --utxos $(CEREMONY_DEMO)/utxos.json --to bcrt1q9vnv2tmwkllh07dzs2yfkjnd8rnequz2hzzq5e --fee-rate 12 \
	    --policy $(CEREMONY_DEMO)/policy.json -o $(CEREMONY_OUT)/sweep.psbt --audit-log $(CEREMONY_OUT)/audit.log
	@echo "-- a destination outside the policy is refused (exit 1, the rule named):"
	@.build/release/custos migrate plan --descriptor $(CEREMONY_DEMO)/descriptor.txt \
	    --utxos $(CEREMONY_DEMO)/utxos.json --to bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080 --fee-rate 12 \
	    --policy $(CEREMONY_DEMO)/policy.json -o $(CEREMONY_OUT)/refused.psbt; echo "exit status $$?"
	@echo "-- cosigners A and C return signed copies (bundled); who has signed:"
	@.build/release/custos migrate status $(CEREMONY_OUT)/sweep.psbt $(CEREMONY_DEMO)/cosigner-a.psbt \
	    $(CEREMONY_DEMO)/cosigner-c.psbt --policy $(CEREMONY_DEMO)/policy.json
	@echo "-- B's copy (compromised key, not required by the policy) is refused at combine:"
	@.build/release/custos psbt combine $(CEREMONY_DEMO)/cosigner-a.psbt $(CEREMONY_DEMO)/cosigner-b.psbt \
	    -o $(CEREMONY_OUT)/refused.psbt --policy $(CEREMONY_DEMO)/policy.json; echo "exit status $$?"
	@.build/release/custos psbt combine $(CEREMONY_DEMO)/cosigner-a.psbt $(CEREMONY_DEMO)/cosigner-c.psbt \
	    -o $(CEREMONY_OUT)/combined.psbt --policy $(CEREMONY_DEMO)/policy.json --audit-log $(CEREMONY_OUT)/audit.log
	@.build/release/custos psbt finalize $(CEREMONY_OUT)/combined.psbt -o $(CEREMONY_OUT)/final.psbt \
	    --policy $(CEREMONY_DEMO)/policy.json --audit-log $(CEREMONY_OUT)/audit.log
	@echo "-- the signed transaction:"
	@.build/release/custos psbt extract $(CEREMONY_OUT)/final.psbt --policy $(CEREMONY_DEMO)/policy.json \
	    --audit-log $(CEREMONY_OUT)/audit.log
	@echo "-- fee race: a replacement at 30 sat/vB (every cosigner signs again):"
	@.build/release/custos migrate bump $(CEREMONY_OUT)/sweep.psbt --fee-rate 30 \
	    --policy $(CEREMONY_DEMO)/policy.json -o $(CEREMONY_OUT)/bump.psbt --audit-log $(CEREMONY_OUT)/audit.log
	@echo "-- the audit log ($(CEREMONY_OUT)/audit.log):"
	@cat $(CEREMONY_OUT)/audit.log
	@.build/release/custos audit verify $(CEREMONY_OUT)/audit.log

## demo-qr: the demo sweep as an animated QR page for air-gapped signers, and the signed copies read back from files
## of scanned QR part strings (Vectors/qr/parts).
QR_OUT := .build/demo-qr
demo-qr:
	@echo
	@echo "== custos qr: the ceremony's sweep as animated QR codes (BBQr for Coldcard Q, UR for the other signers)"
	@rm -rf $(QR_OUT) && mkdir -p $(QR_OUT)
	@.build/release/custos qr encode $(CEREMONY_DEMO)/sweep.psbt --format bbqr --html $(QR_OUT)/sweep-bbqr.html
	@.build/release/custos qr encode $(CEREMONY_DEMO)/sweep.psbt --format ur --html $(QR_OUT)/sweep-ur.html \
	    --png-dir $(QR_OUT)/frames
	@echo "Open $(QR_OUT)/sweep-ur.html or $(QR_OUT)/sweep-bbqr.html in a browser (self-contained, no network)."
	@echo "-- frames scanned back with zbar:"
	@.build/release/custos qr decode --image $(QR_OUT)/frames/*.png -o $(QR_OUT)/scanned.psbt
	@echo "-- the PSBT demo's signed copies returned as scanned part strings (UR from A, BBQr from C), combined:"
	@.build/release/custos psbt combine Vectors/qr/parts/cosigner-a.ur.txt Vectors/qr/parts/cosigner-c.bbqr.txt \
	    -o $(QR_OUT)/combined.psbt
	@.build/release/custos psbt inspect $(QR_OUT)/combined.psbt --network regtest | head -3

## bench: release-build benchmarks; copy the tables into docs/PERFORMANCE.md with the machine and date. First the
## in-process figures (custos-bench: library calls in one process), then the whole-process ones users see: the PSBT
## pipeline as three processes on base64 files against embit, BDK and the libsecp256k1 floor, firmware verify against
## sha256sum, manifest update against python-tuf, start-up against /bin/true and an empty argument-parser command.
bench: deps
	$(SWIFT) build -c release --static-swift-stdlib --product custos-bench
	$(SWIFT) build -c release --static-swift-stdlib --product custos
	@echo "# In-process figures (custos-bench: one process, library calls)"
	.build/release/custos-bench
	@$(MAKE) --no-print-directory bench-firmware
	@$(MAKE) --no-print-directory bench-whole-process

## bench-whole-process: issue 14's whole-process figures (Benchmarks/pipeline/bench-pipeline.sh; hyperfine, GNU time).
bench-whole-process:
	@command -v hyperfine >/dev/null && [ -x /usr/bin/time ] || { $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(BENCH_APT_PACKAGES); }
	$(SWIFT) build -c release --static-swift-stdlib --product custos
	$(SWIFT) build -c release --static-swift-stdlib --product custos-bench
	$(SWIFT) build -c release --static-swift-stdlib --product custos-empty-command
	Benchmarks/pipeline/bench-pipeline.sh all

## bench-firmware: whole-process firmware verification vs sha256sum and trezorctl (hyperfine, GNU time).
BENCH_APT_PACKAGES := hyperfine time
bench-firmware:
	@command -v hyperfine >/dev/null && [ -x /usr/bin/time ] || { $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(BENCH_APT_PACKAGES); }
	$(SWIFT) build -c release --static-swift-stdlib --product custos
	scripts/bench-firmware.sh .build/release/custos
	CUSTOS_FIRMWARE_BENCH_IMAGE=/tmp/custos-firmware-bench/bench-00.bin .build/release/custos-bench firmware

## fuzz: every fuzz target (Fuzz/Sources/*) under libFuzzer + AddressSanitizer for FUZZ_SECONDS each (default 60),
## failing on a crash, failed invariant, leak, timeout (> 1 s an input) or out-of-memory (> 512 MB); artifacts and
## logs in .fuzz/. `make fuzz FUZZ_TARGETS="firmware-verify"` runs some; docs/FUZZING.md has the long runs.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run.sh $(FUZZ_TARGETS)

## fuzz-ci: every fuzz target for 30 s, as CI runs it after `make test`.
fuzz-ci: deps
	FUZZ_SECONDS=30 Fuzz/run.sh

## udev: install Custos's udev rules for every supported device, reload udev, create the plugdev group.
udev:
	$(SUDO) install -m 0644 -o root -g root udev/51-custos.rules /etc/udev/rules.d/51-custos.rules
	$(SUDO) udevadm control --reload-rules
	$(SUDO) udevadm trigger
	@getent group plugdev >/dev/null || $(SUDO) groupadd plugdev
	@echo "Rules installed. For SSH sessions and services: sudo usermod -aG plugdev $$USER (then log in again)."

clean:
	rm -rf .build .build-fuzz
