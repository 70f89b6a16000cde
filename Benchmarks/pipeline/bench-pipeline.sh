#!/usr/bin/env bash
# Issue 14's whole-process figures (run by `make bench`): what users run, as separate processes on the files they
# exchange, side by side in one run with other implementations and the floor. Prints Markdown for
# docs/PERFORMANCE.md.
#
#   Benchmarks/pipeline/bench-pipeline.sh [all|psbt|firmware|manifest|startup]
#
# psbt: `custos psbt combine a.psbt c.psbt -o comb.psbt && custos psbt finalize comb.psbt -o final.psbt &&
#   custos psbt extract final.psbt` on base64 cosigner copies of a 2-of-3 wsh(sortedmulti) sweep (1,000, 2,000 and
#   10,000 inputs, made by `custos-bench pipeline-fixture`), against embit and BDK doing combine + verify + finalize +
#   extract in one Python process each (embit_pipeline.py, bdk_pipeline.py), and against the floor: libsecp256k1
#   verifying the same signatures on one thread (`custos-bench pipeline-floor`). All three must print the same
#   transaction. Timing with hyperfine (median, min, max); peak RSS with GNU time (the largest of the three processes).
# firmware: `custos firmware verify` of a 1.1 MB dev-signed Trezor image vs `sha256sum` of it.
# manifest: `custos manifest update` of a 10,000-target delegated repository (made by python-tuf) into a fresh store
#   vs python-tuf's ngclient doing the same refresh and lookup in one process.
# startup: `custos --version` vs /bin/true vs an empty swift-argument-parser command built the same way.
#
# Environment: CUSTOS (default .build/release/custos), CUSTOS_BENCH (.build/release/custos-bench),
# PIPELINE_SIZES ("1000 2000 10000"), PIPELINE_RUNS (10), WORK (/tmp/custos-whole-process-bench).
set -euo pipefail
cd "$(dirname "$0")/../.."
custos=${CUSTOS:-.build/release/custos}
bench=${CUSTOS_BENCH:-.build/release/custos-bench}
python=.venv/bin/python
work=${WORK:-/tmp/custos-whole-process-bench}
sizes=${PIPELINE_SIZES:-1000 2000 10000}
runs=${PIPELINE_RUNS:-10}
what=${1:-all}
summarise="$python Benchmarks/pipeline/summarise.py"
for tool in hyperfine /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install hyperfine time" >&2; exit 1; }
done
[ -x "$custos" ] && [ -x "$bench" ] || { echo "build $custos and $bench first (make bench)" >&2; exit 1; }
mkdir -p "$work"
custos=$(realpath "$custos")

peak_kib() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
machine() {
    echo "Machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) CPUs, $(free -g | awk '/Mem:/{print $2}') GiB;"
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)."
}

psbt() {
    echo "## PSBT pipeline, whole process (three \`custos\` processes on base64 files)"
    echo
    machine
    echo
    for inputs in $sizes; do
        local dir=$work/psbt-$inputs
        mkdir -p "$dir"
        [ -s "$dir/c.psbt" ] || "$bench" pipeline-fixture "$inputs" "$dir"
        local pipeline="$custos psbt combine $dir/a.psbt $dir/c.psbt -o $dir/comb.psbt && $custos psbt finalize $dir/comb.psbt -o $dir/final.psbt && $custos psbt extract $dir/final.psbt"
        local embit="$python Benchmarks/pipeline/embit_pipeline.py $dir/a.psbt $dir/c.psbt"
        local bdk="$python Benchmarks/pipeline/bdk_pipeline.py $dir/a.psbt $dir/c.psbt"
        # The same transaction from all three, or the comparison means nothing.
        bash -c "$pipeline" >"$dir/custos.hex"
        $embit >"$dir/embit.hex"
        # BDK's output is compared below 10,000 inputs; there its single (minutes-long) run is only timed.
        if [ "$inputs" -lt 10000 ]; then $bdk >"$dir/bdk.hex"; else cp "$dir/embit.hex" "$dir/bdk.hex"; fi
        cmp -s "$dir/custos.hex" "$dir/embit.hex" && cmp -s "$dir/custos.hex" "$dir/bdk.hex" ||
            { echo "the three pipelines extracted different transactions at $inputs inputs" >&2; exit 1; }
        local floor_ms # "wall cpu"
        floor_ms=$("$bench" pipeline-floor "$dir/a.psbt" "$dir/c.psbt")
        local load_before
        load_before=$(cut -d' ' -f1 /proc/loadavg)
        # The Python runs are long (BDK's time grows faster than its input: 2.5 s of CPU at 1,000 inputs, 8 s at
        # 2,000): fewer of them, and a single run without warm-up at 10,000.
        local slow_runs=$(( inputs >= 10000 ? 1 : 3 )) slow_warmup=$(( inputs >= 10000 ? 0 : 1 ))
        hyperfine --warmup 1 --runs "$runs" --export-json "$dir/custos.json" "$pipeline" >/dev/null 2>&1
        hyperfine --warmup "$slow_warmup" --runs "$slow_runs" --export-json "$dir/python.json" "$embit" "$bdk" \
            >/dev/null 2>&1
        local rss_combine rss_finalize rss_extract rss_embit rss_bdk
        rss_combine=$(peak_kib "$custos" psbt combine "$dir/a.psbt" "$dir/c.psbt" -o "$dir/comb.psbt")
        rss_finalize=$(peak_kib "$custos" psbt finalize "$dir/comb.psbt" -o "$dir/final.psbt")
        rss_extract=$(peak_kib "$custos" psbt extract "$dir/final.psbt")
        # The Python runs' peak memory is taken below 10,000 inputs (there another BDK run would take minutes).
        rss_embit=0 rss_bdk=0
        if [ "$inputs" -lt 10000 ]; then rss_embit=$(peak_kib $embit); rss_bdk=$(peak_kib $bdk); fi
        $summarise psbt "$inputs" "$dir" "${floor_ms% *}" "${floor_ms#* }" "$load_before" "$(cut -d' ' -f1 /proc/loadavg)" \
            "$rss_combine" "$rss_finalize" "$rss_extract" "$rss_embit" "$rss_bdk" \
            "$(( $(stat -c %s "$dir/a.psbt") + $(stat -c %s "$dir/c.psbt") ))"
    done
    $summarise psbt-targets "$work" $sizes
}

firmware() {
    echo "## Firmware verify, whole process"
    echo
    machine
    echo
    local images=$work/firmware
    [ -f "$images/bench-00.bin" ] || "$python" scripts/firmware-test-images/generate.py --bench-dir "$images" >/dev/null
    local image=$images/bench-00.bin
    hyperfine -N -i --warmup 10 --runs 100 --export-json "$work/firmware.json" \
        "$custos firmware verify $image" "sha256sum $image" >/dev/null 2>&1
    $summarise firmware "$work/firmware.json" "$(stat -c %s "$image")" "$(peak_kib "$custos" firmware verify "$image")"
}

manifest() {
    echo "## Manifest update, whole process (10,000 targets in a delegated role)"
    echo
    machine
    echo
    local repository=$work/tuf-repository
    [ -f "$repository/metadata/1.firmware.json" ] ||
        "$python" Benchmarks/tuf/tuf_benchmark.py generate "$repository" 10000 >/dev/null
    local store=$work/tuf-store
    hyperfine --warmup 2 --runs 20 --export-json "$work/manifest.json" \
        --prepare "rm -rf $store && $custos manifest init --root $repository/metadata/1.root.json --store $store >/dev/null" \
        "$custos manifest update --from $repository --store $store" \
        "$python Benchmarks/tuf/tuf_benchmark.py refresh $repository 10000" >/dev/null 2>&1
    $summarise manifest "$work/manifest.json"
}

startup() {
    echo "## Start-up, whole process"
    echo
    machine
    echo
    local empty=${EMPTY_COMMAND:-.build/release/custos-empty-command}
    local commands=("/bin/true" "$custos --version")
    [ -x "$empty" ] && commands+=("$(realpath "$empty") --version")
    hyperfine -N --warmup 20 --runs 300 --export-json "$work/startup.json" "${commands[@]}" >/dev/null 2>&1
    $summarise startup "$work/startup.json"
}

case $what in
all) psbt; firmware; manifest; startup ;;
psbt | firmware | manifest | startup) "$what" ;;
*) echo "usage: $0 [all|psbt|firmware|manifest|startup]" >&2; exit 64 ;;
esac
