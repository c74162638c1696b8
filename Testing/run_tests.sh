#!/usr/bin/env bash
# The test command: from a fresh Debian 12 machine, installs what ChestCT
# needs, builds it, and runs every test. Real CT data are looked for in
# ../shared/data (or $CHESTCT_DATA_ROOT); tests that need them say so and are
# reported as skipped where they are absent.
#
#   bash Testing/run_tests.sh [BUILD_DIR]      (default: build)
set -euo pipefail
source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="$(realpath -m "${1:-$source_dir/build}")"

"$source_dir/.ci/install-debian-packages"

jobs="$(nproc)"
cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCHESTCT_SEED_OUTPUT_ROOT="$build_dir/seed-out"
cmake --build "$build_dir" -j "$jobs"
# The seed's own masks, which one test compares the seed method with (skipped where they cannot be made).
bash "$source_dir/Testing/make_seed_output.sh" "$build_dir/seed-out"
cd "$build_dir"
ctest --output-on-failure -j "$jobs"
