#!/usr/bin/env bash
# Builds ChestCT with AddressSanitizer and UndefinedBehaviorSanitizer (GCC)
# and runs the whole test suite under them. Any report fails the run.
#
#   bash Testing/run_sanitizer_tests.sh [BUILD_DIR]     (default: build-sanitize)
set -euo pipefail
source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="$(realpath -m "${1:-$source_dir/build-sanitize}")"
# Every undefined-behaviour check halts, but pointer-overflow is recoverable so that Testing/ubsan.supp
# can single out the one ITK header that trips it; halt_on_error still stops at any other report.
flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fsanitize-recover=pointer-overflow -fno-omit-frame-pointer"

"$source_dir/.ci/install-debian-packages"
# -O1, as the sanitizers' authors advise: a third less compile time than -O3 on ITK's templates, which
# keeps CI inside its time limit, and stack traces that follow the source.
cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" \
  -DCMAKE_C_FLAGS_RELEASE="-O1 -DNDEBUG" \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DCHESTCT_SEED_OUTPUT_ROOT="$build_dir/seed-out"
cmake --build "$build_dir" -j "$(nproc)"
bash "$source_dir/Testing/make_seed_output.sh" "$build_dir/seed-out"

# Leaks inside GDCM's own libraries are GDCM's (see Testing/Fuzzing/lsan.supp).
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export LSAN_OPTIONS="suppressions=$source_dir/Testing/Fuzzing/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$source_dir/Testing/ubsan.supp"
cd "$build_dir"
ctest --output-on-failure -j "$(nproc)"
