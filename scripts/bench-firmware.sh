#!/usr/bin/env bash
# Issue 5's whole-process firmware benchmark (run by `make bench`): `custos firmware verify` on one ~1.1 MB image
# against `sha256sum` and `trezorctl firmware verify`, and on a batch of 20 images against `sha256sum` of the same
# 20, with hyperfine; peak memory with GNU time. Prints Markdown for docs/PERFORMANCE.md.
#
#   scripts/bench-firmware.sh [CUSTOS_BINARY]
#
# Images: 20 dev-signed T2B1 images (BLAKE2s, the slower hash) of ~1.1 MB made by the test-image generator in
# /tmp/custos-firmware-bench; with CUSTOS_REAL_FIRMWARE_DIR holding trezor/trezor-2.0.7.bin (1 099 776 bytes, the
# real image the issue names) that one is measured too.
set -euo pipefail
cd "$(dirname "$0")/.."
custos=${1:-.build/release/custos}
python=.venv/bin/python
trezorctl=.venv/bin/trezorctl
work=/tmp/custos-firmware-bench
for tool in hyperfine /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install hyperfine time" >&2; exit 1; }
done
[ -x "$custos" ] || { echo "build $custos first (swift build -c release --product custos)" >&2; exit 1; }
[ -f "$work/bench-19.bin" ] || "$python" scripts/firmware-test-images/generate.py --bench-dir "$work" >/dev/null

mean_ms() { # hyperfine JSON export -> mean in ms of command $2
    "$python" -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]; print(f\"{r['mean']*1000:.2f} ± {r['stddev']*1000:.2f}\")" "$1" "$2"
}
ratio() {
    "$python" -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(f\"{r[int(sys.argv[2])]['mean']/r[int(sys.argv[3])]['mean']:.2f}\")" "$1" "$2" "$3"
}

single=$work/bench-00.bin
echo "## Firmware verifier (whole process, hyperfine)"
echo
echo "Image: $(basename "$single"), $(stat -c %s "$single") bytes (dev-signed T2B1, BLAKE2s chunks). Exit status"
echo "ignored: the dev-signed image is refused (1), as it must be; the work done is the full verification."
echo
hyperfine -N -i --warmup 5 --runs 60 --export-json "$work/single.json" \
    "$custos firmware verify $single" "sha256sum $single" >/dev/null 2>&1
trezorctl_row=""
if [ -x "$trezorctl" ]; then
    hyperfine -N -i --warmup 1 --runs 8 --export-json "$work/trezorctl.json" \
        "$trezorctl firmware verify $single" >/dev/null 2>&1
    trezorctl_row=yes
fi
echo "| command | mean ± σ (ms) | ratio to custos |"
echo "|---|---:|---:|"
echo "| custos firmware verify | $(mean_ms "$work/single.json" 0) | 1.00 |"
echo "| sha256sum | $(mean_ms "$work/single.json" 1) | $(ratio "$work/single.json" 1 0) |"
if [ -n "$trezorctl_row" ]; then
    "$python" - "$work/single.json" "$work/trezorctl.json" <<'EOF'
import json, sys
custos = json.load(open(sys.argv[1]))["results"][0]["mean"]
t = json.load(open(sys.argv[2]))["results"][0]
print(f"| trezorctl firmware verify (trezor 0.20.2) | {t['mean']*1000:.2f} ± {t['stddev']*1000:.2f} | {t['mean']/custos:.1f} |")
EOF
fi
echo
echo "custos / sha256sum: $(ratio "$work/single.json" 0 1) (target ≤ 4)"
[ -n "$trezorctl_row" ] && "$python" -c "import json; c=json.load(open('$work/single.json'))['results'][0]['mean']; t=json.load(open('$work/trezorctl.json'))['results'][0]['mean']; print(f'trezorctl / custos: {t/c:.1f} (target ≥ 25)')"
echo

batch=$(ls "$work"/bench-*.bin | tr '\n' ' ')
hyperfine -N -i --warmup 3 --runs 30 --export-json "$work/batch.json" \
    "$custos firmware verify $batch" "sha256sum $batch" >/dev/null 2>&1
echo "Batch of 20 images ($(du -cb $batch | tail -1 | cut -f1) bytes) in one invocation:"
echo
echo "| command | mean ± σ (ms) |"
echo "|---|---:|"
echo "| custos firmware verify (20 images) | $(mean_ms "$work/batch.json" 0) |"
echo "| sha256sum (20 images) | $(mean_ms "$work/batch.json" 1) |"
echo
echo "custos / sha256sum: $(ratio "$work/batch.json" 0 1) (target ≤ 1.5)"
echo

real=${CUSTOS_REAL_FIRMWARE_DIR:-}/trezor/trezor-2.0.7.bin
if [ -n "${CUSTOS_REAL_FIRMWARE_DIR:-}" ] && [ -f "$real" ]; then
    hyperfine -N -i --warmup 5 --runs 60 --export-json "$work/real.json" \
        "$custos firmware verify $real" "sha256sum $real" >/dev/null 2>&1
    echo "Real Trezor T 2.0.7 (1 099 776 bytes, genuine): custos $(mean_ms "$work/real.json" 0) ms, sha256sum"
    echo "$(mean_ms "$work/real.json" 1) ms, ratio $(ratio "$work/real.json" 0 1)."
    echo
fi

rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
size_kb=$(( $(stat -c %s "$single") / 1024 ))
echo "Peak memory (max RSS): single image $(rss "$custos" firmware verify "$single") KiB for a ${size_kb} KiB image;"
echo "batch of 20 $(rss "$custos" firmware verify $batch) KiB (images are read and verified one at a time);"
echo "budget 2 × image + 32 MiB = $(( 2 * size_kb + 32768 )) KiB."
