# Custos: the two commands a new machine needs are `make demo` and `make test`.

SHELL      := /bin/bash
.SHELLFLAGS := -o pipefail -c
SWIFT      ?= swift
BUILD_LOG  := .build/last-build.log
APT_PACKAGES := pkg-config libsecp256k1-dev libssl-dev libsodium-dev libusb-1.0-0-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps venv build release test lint format demo bench clean

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

## release: optimised build of the custos executables.
release: deps
	$(SWIFT) build -c release --product custos

## test: everything CI checks: dependencies, lint, a warning-free build and the whole test suite.
test: deps lint build
	$(SWIFT) test --skip-build

## lint: swift-format in strict mode with the repository's .swift-format.
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Benchmarks Package.swift

## format: rewrite sources with swift-format.
format:
	$(SWIFT) format format --in-place --recursive Sources Tests Benchmarks Package.swift

## demo: install, build and run the main job on bundled data.
demo: release
	@echo "== custos --version"
	@.build/release/custos --version
	@echo
	@echo "== custos selftest (known-answer tests of every primitive against the installed C libraries)"
	@.build/release/custos selftest
	@echo
	@echo "== custos psbt: a 2-of-3 wsh(sortedmulti) sweep signed by cosigners A and C (Vectors/psbt/demo)"
	@.build/release/custos psbt inspect Vectors/psbt/demo/cosigner-a.psbt --network regtest
	@.build/release/custos psbt combine Vectors/psbt/demo/cosigner-a.psbt Vectors/psbt/demo/cosigner-c.psbt \
	    -o .build/demo-combined.psbt
	@.build/release/custos psbt finalize .build/demo-combined.psbt -o .build/demo-final.psbt
	@echo "-- combined and finalized; the signed transaction:"
	@.build/release/custos psbt extract .build/demo-final.psbt

## bench: release-build benchmarks; copy the tables into docs/PERFORMANCE.md with the machine and date.
bench: deps
	$(SWIFT) build -c release --product custos-bench
	.build/release/custos-bench

clean:
	rm -rf .build
