#!/usr/bin/env bash
# One command: install, build, pass the whole test suite.
#   ACCORD_SKIP_ASAN=1  skips the sanitizer build and its test run.
#   ACCORD_FUZZ_SECONDS=N  runs each libFuzzer target N s (default 45; 0 skips them).
# Last line on success: "N passed, 0 failed" (read by CI).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
source tests/services.sh

step() { printf '\n==== [%s] %s ====\n' "$(date '+%F %T')" "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
build_tree() # DIR CMAKE_ARGS...
{
    local dir=$1; shift
    cmake -S . -B "$dir" -G Ninja "${launcher[@]}" -DACCORD_WERROR=ON "$@"
    cmake --build "$dir"
}

total=0
run_tests() # DIR: ctest on fresh databases in a keyring session; any failure or skip fails
{
    local dir=$1 log=$1/ctest.log n
    reset_databases
    with_keyring ctest --test-dir "$dir" --output-on-failure -j2 2>&1 | tee "$log"
    # --output-on-failure hides the output of passing tests: look in the full log too.
    if grep -h -E '^SKIP   :' "$log" "$dir/Testing/Temporary/LastTest.log" 2>/dev/null; then
        fail "Qt Test skipped the tests above; a skipped test counts as a failure."
    fi
    if grep -q 'The following tests did not run' "$log"; then
        fail "ctest did not run some tests (see above); a skipped test counts as a failure."
    fi
    n=$(sed -n 's/.*tests passed, 0 tests failed out of \([0-9]\+\).*/\1/p' "$log")
    [ -n "$n" ] || fail "no ctest summary line in $log"
    total=$((total + n))
}

step "Install packages"
bash packaging/bootstrap.sh

step "Check formatting (before building, to fail fast)"
bad=()
while IFS= read -r -d '' f; do
    clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done < <(find app ui tests -type f \( -name '*.cpp' -o -name '*.h' \) -print0 2>/dev/null)
[ ${#bad[@]} -eq 0 ] || fail "not clang-formatted (run clang-format -i on them):$(printf '\n  %s' "${bad[@]}")"

step "Build build/ (RelWithDebInfo)"
build_tree build -DCMAKE_BUILD_TYPE=RelWithDebInfo

step "Start PostgreSQL and MariaDB"
trap stop_services EXIT
trap 'exit 130' INT TERM
start_postgres
start_mariadb
export QT_QPA_PLATFORM=offscreen

step "Test build/"
run_tests build

if [ "${ACCORD_SKIP_ASAN:-0}" = 1 ]; then
    step "Skip build-asan/ (ACCORD_SKIP_ASAN=1)"
else
    step "Build build-asan/ (Debug, AddressSanitizer + UBSan)"
    build_tree build-asan -DCMAKE_BUILD_TYPE=Debug -DACCORD_SANITIZE=ON
    step "Test build-asan/"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    LSAN_OPTIONS=suppressions=$ROOT/tests/lsan.supp \
        run_tests build-asan
fi

if [ "${ACCORD_FUZZ_SECONDS:-45}" = 0 ]; then
    step "Skip the fuzzers (ACCORD_FUZZ_SECONDS=0)"
else
    step "Fuzz the CSV reader, the JSON reader and the search-text handling (${ACCORD_FUZZ_SECONDS:-45} s each)"
    bash tests/fuzz/run-fuzzers.sh "${ACCORD_FUZZ_SECONDS:-45}" ||
        fail "a fuzzer failed (its input and stack are above; seeds in tests/fuzz/corpus/)"
fi

if [ -x build/tests/bench/accord-bench ]; then
    step "Benchmark smoke run (20,000 users)"
    build/tests/bench/accord-bench --users 20000
    # On the servers started above (ACCORD_TEST_PG_URL / ACCORD_TEST_MYSQL_URL).
    for engine in postgresql mysql; do
        step "Benchmark smoke run on $engine (20,000 users)"
        build/tests/bench/accord-bench --users 20000 --engine "$engine"
    done
fi

step "Done"
echo "$total passed, 0 failed"
