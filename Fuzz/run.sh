#!/usr/bin/env bash
# Builds the libFuzzer executables of Fuzz/ and runs each target for FUZZ_SECONDS (default 60), failing on any
# crash, failed invariant, leak, timeout (> FUZZ_TIMEOUT s for one input) or out-of-memory (> FUZZ_RSS_MB MB).
#
#   Fuzz/run.sh [target...]       all targets when none is named (each folder of Fuzz/Sources but FuzzDriver)
#   Fuzz/run.sh --build-only
#
# Environment: FUZZ_SECONDS (60), FUZZ_TIMEOUT (1), FUZZ_RSS_MB (512), FUZZ_WORK (.fuzz: corpora, artifacts and
# logs; git ignores it), FUZZ_SCRATCH (.build-fuzz), FUZZ_ARGS (extra libFuzzer flags, e.g.
# "-fork=2"). See docs/FUZZING.md.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH=${FUZZ_SECONDS:-60}
TIMEOUT=${FUZZ_TIMEOUT:-1}
RSS_MB=${FUZZ_RSS_MB:-512}
WORK=${FUZZ_WORK:-.fuzz}
SCRATCH=${FUZZ_SCRATCH:-.build-fuzz}

build_only=false
if [ "${1:-}" = "--build-only" ]; then build_only=true; shift; fi

if [ $# -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(find Fuzz/Sources -mindepth 1 -maxdepth 1 -type d ! -name FuzzDriver -printf '%f\n' | sort)
fi

# libFuzzer's runtime without its main (SwiftPM's executables have their own), from the toolchain's clang.
resource_dir=$(swift -print-target-info | python3 -c 'import json, sys; print(json.load(sys.stdin)["paths"]["runtimeResourcePath"])')
fuzzer_runtime="$resource_dir/clang/lib/linux/libclang_rt.fuzzer_no_main-$(uname -m).a"
[ -f "$fuzzer_runtime" ] || { echo "error: libFuzzer runtime not found at $fuzzer_runtime"; exit 2; }

# Fuzz/Package.swift reaches the main package through this link (a path dependency is named after its folder).
ln -sfn .. Fuzz/custos

echo "== building the fuzz targets (AddressSanitizer, SanitizerCoverage, libFuzzer)"
build_start=$(date +%s)
swift build -c debug --package-path Fuzz --scratch-path "$SCRATCH" \
    -Xswiftc -sanitize=address \
    -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table \
    -Xswiftc -use-ld=lld \
    -Xlinker "$fuzzer_runtime" -Xlinker -lstdc++ 2>&1 \
    | grep -vE '^\[[0-9]+/[0-9]+\] (Compiling|Emitting|Write|Wrapping|Linking|Planning)' || true
bin="$SCRATCH/debug"
for target in "${targets[@]}"; do
    [ -x "$bin/$target" ] || { echo "error: no fuzz executable $bin/$target (unknown target or failed build)"; exit 2; }
done
echo "build: $(( $(date +%s) - build_start )) s"
$build_only && exit 0

mkdir -p "$WORK/seeds" "$WORK/corpus" "$WORK/artifacts" "$WORK/logs"
rm -rf "$WORK/seeds"
python3 scripts/fuzz/make-corpus.py "$WORK/seeds" "${targets[@]}" >/dev/null

# A small quarantine keeps ASan's RSS close to what the code really holds, so -rss_limit_mb measures real growth.
export ASAN_OPTIONS="detect_leaks=1:quarantine_size_mb=16:malloc_context_size=30:allocator_may_return_null=0:${ASAN_OPTIONS:-}"
# Swift's own crash backtracer would run inside the aborting process and trip ASan; libFuzzer reports instead.
export SWIFT_BACKTRACE=enable=no
export ASAN_SYMBOLIZER_PATH="${ASAN_SYMBOLIZER_PATH:-$(dirname "$(command -v swift)")/llvm-symbolizer}"

failed=()
printf '%-24s %10s %8s %8s %8s %s\n' target executions exec/s cov ft result
for target in "${targets[@]}"; do
    corpus="$WORK/corpus/$target"
    artifacts="$WORK/artifacts/$target"
    log="$WORK/logs/$target.log"
    mkdir -p "$corpus" "$artifacts"
    dictionary=()
    for candidate in "Fuzz/dictionaries/$target.dict" "Fuzz/dictionaries/${target%%-*}.dict"; do
        if [ -f "$candidate" ]; then dictionary=("-dict=$candidate"); break; fi
    done
    status=0
    # shellcheck disable=SC2086  # FUZZ_ARGS is a list of flags
    "$bin/$target" -max_total_time="$SECONDS_EACH" -timeout="$TIMEOUT" -rss_limit_mb="$RSS_MB" \
        -malloc_limit_mb="$RSS_MB" -detect_leaks=1 -print_final_stats=1 -artifact_prefix="$artifacts/" \
        "${dictionary[@]}" ${FUZZ_ARGS:-} "$corpus" "$WORK/seeds/$target" >"$log" 2>&1 || status=$?
    runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1 || true)
    # -fork mode prints no final stats, only "#N: cov: ..." progress lines.
    [ -n "$runs" ] || runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#' || true)
    speed=$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1 || true)
    coverage=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || true)
    features=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || true)
    if [ "$status" -eq 0 ]; then result=ok; else result="FAILED (exit $status)"; failed+=("$target"); fi
    printf '%-24s %10s %8s %8s %8s %s\n' "$target" "${runs:--}" "${speed:--}" "${coverage:--}" "${features:--}" "$result"
    if [ "$status" -ne 0 ]; then
        grep -E '^(==[0-9]+==ERROR|fuzz invariant failed|SUMMARY|artifact_prefix|Test unit written to|Fatal error)' "$log" \
            | sed 's/^/    /' || true
        echo "    log: $log"
        for artifact in "$artifacts"/*; do [ -f "$artifact" ] && echo "    artifact: $artifact"; done
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing FAILED: ${failed[*]}"
    echo "Reproduce: $bin/<target> <artifact>; minimise: $bin/<target> -minimize_crash=1 -runs=10000 <artifact>;"
    echo "then add it under Tests/FuzzRegressions/<target>/ (docs/FUZZING.md)."
    exit 1
fi
echo "fuzzing passed: ${#targets[@]} target(s), ${SECONDS_EACH} s each"
