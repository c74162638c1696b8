#!/usr/bin/env bash
# Builds the DICOM fuzz target with clang and fuzzes for SECONDS (default 60)
# from the seed corpus; fails if the fuzzer finds a crash, a leak, or an
# input that needs more than 4 GB. (GDCM's recovery readers for some damaged
# compressed files still allocate up to ~2 GB before failing: an open finding,
# see Documentation/Robustness.md; libFuzzer's default 2 GB limit would
# report it on every run.)
#
#   bash Testing/Fuzzing/run_fuzzer.sh MAKE_CORPUS_EXECUTABLE [BUILD_DIR] [SECONDS] [DATA_ROOT]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
make_corpus="$1"
build_dir="${2:-$here/../../build-fuzz}"
seconds="${3:-60}"
data="${4:-$here/../../../shared/data}"

cmake -S "$here" -B "$build_dir" -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ > /dev/null
cmake --build "$build_dir"

work="$build_dir/fuzz-run"
rm -rf "$work" && mkdir -p "$work/corpus" "$work/findings"
real=()
if [ -d "$data/chest/copdgene-64px" ]; then
  real+=($(ls "$data"/chest/copdgene-64px/* | head -3))
  real+=("$data/odd/padding-2000-feet-first/$(ls "$data/odd/padding-2000-feet-first" | head -1)")
fi
"$make_corpus" "$work/corpus" "${real[@]}"

export LSAN_OPTIONS="suppressions=$here/lsan.supp"
set +e
"$build_dir/chestctDICOMSeriesFuzzer" "$work/corpus" -max_len=65536 -max_total_time="$seconds" -rss_limit_mb=4096 -print_final_stats=1 \
  -artifact_prefix="$work/findings/" > "$work/log.txt" 2>&1
status=$?
set -e
grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$work/log.txt" || true
if [ "$status" -ne 0 ] || [ -n "$(ls "$work/findings")" ]; then
  echo "fuzzer: a finding (exit $status); the input is in $work/findings:"
  ls "$work/findings"
  tail -40 "$work/log.txt"
  exit 1
fi
echo "fuzzer: no finding in $seconds s"
