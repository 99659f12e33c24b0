#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (clang, ASan + UBSan) and runs each for a bounded
# time on a scratch copy of its seed corpus (the repository's corpus is never written to).
#   tests/fuzz/run-fuzzers.sh [SECONDS_EACH]     default 45 (the three: about 3 min with the build)
#   ACCORD_FUZZ_BUILD_DIR   build tree (default build-fuzz/ at the repository's root)
# Any crash, broken property, leak, timeout or out-of-memory fails the run (exit 1), after
# every target has run; the failing input is kept under BUILD_DIR/artifacts/ and printed.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
seconds=${1:-45}
build=${ACCORD_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}
targets=(searchtext csvreader jsonreader)

fail() { echo "FAILED: $*" >&2; exit 1; }
[[ $seconds =~ ^[1-9][0-9]*$ ]] || fail "SECONDS_EACH must be a positive number, not '$seconds'"

# clang 14 and its libFuzzer runtime are needed here only, so they are installed here.
missing=()
for p in clang-14 libclang-rt-14-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "run-fuzzers: installing ${missing[*]}"
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
mkdir -p "$build"
cmake -S tests/fuzz -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 "${launcher[@]}" \
    >"$build/configure.log" 2>&1 || { cat "$build/configure.log"; fail "configuring $build"; }
cmake --build "$build" || fail "building $build"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$build/artifacts"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$ROOT/tests/lsan.supp

failed=()
for t in "${targets[@]}"; do
    corpus=$work/$t log=$work/$t.log
    cp -r "tests/fuzz/corpus/$t" "$corpus"
    rm -f "$build/artifacts/$t-"*
    args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
          -artifact_prefix="$build/artifacts/$t-")
    [ -f "tests/fuzz/$t.dict" ] && args+=(-dict="tests/fuzz/$t.dict")
    # The outer timeout only guards against libFuzzer itself hanging.
    if timeout -k 30 $((seconds + 300)) "$build/fuzz_$t" "${args[@]}" "$corpus" >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
        printf 'fuzz_%-12s ok  %s runs in %s s (%s/s), corpus %s -> %s inputs, peak RSS %s MB\n' \
            "$t" "${runs:-?}" "$seconds" "$((${runs:-0} / seconds))" \
            "$(ls "tests/fuzz/corpus/$t" | wc -l)" "$(ls "$corpus" | wc -l)" "${rss:-?}"
    else
        printf 'fuzz_%-12s FAILED (exit %s); the last 80 lines of its log:\n' "$t" "$?"
        tail -n 80 "$log"
        for a in "$build/artifacts/$t-"*; do
            [ -f "$a" ] || continue
            echo "input $a (base64): $(base64 -w0 "$a" | head -c 4096)"
        done
        failed+=("fuzz_$t")
    fi
done
[ ${#failed[@]} -eq 0 ] || fail "${failed[*]} (reproduce: $build/fuzz_NAME $build/artifacts/NAME-...)"
