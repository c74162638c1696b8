#!/usr/bin/env bash
# Builds the DICOM fuzz target with clang and fuzzes from the seed corpus:
# 20,000 inputs with seed 1 (RUNS and SEED override), at most SECONDS (default
# 60). With a fixed seed, corpus and binary the run is the same every time, so
# CI checks for regressions without depending on luck; longer exploratory runs
# are made by hand (Documentation/Robustness.md). Fails on a crash, a
# sanitizer report, a leak or a timeout. An input that makes GDCM allocate beyond libFuzzer's limit is
# reported but does not fail the run: GDCM's full parse of some damaged
# compressed files still allocates what a damaged length claims, an open
# finding described in Documentation/Robustness.md.
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
  slices=("$data"/chest/copdgene-64px/*) # globs, not ls | head: under pipefail a SIGPIPE would end the script
  padded=("$data"/odd/padding-2000-feet-first/*)
  real+=("${slices[@]:0:3}" "${padded[0]}")
fi
"$make_corpus" "$work/corpus" "${real[@]}"

export LSAN_OPTIONS="suppressions=$here/lsan.supp"
# libFuzzer stops at the first finding; an out-of-memory one is recorded and fuzzing goes on.
end=$(($(date +%s) + seconds))
attempt=0
while [ "$(date +%s)" -lt "$end" ]; do
  attempt=$((attempt + 1)) # after an out-of-memory stop, go on from the next seed, not the same inputs
  set +e
  "$build_dir/chestctDICOMSeriesFuzzer" "$work/corpus" -max_len=65536 -max_total_time=$((end - $(date +%s))) \
    -seed=$((${SEED:-1} + attempt - 1)) -runs="${RUNS:-20000}" -print_final_stats=1 -artifact_prefix="$work/findings/" \
    >> "$work/log.txt" 2>&1
  status=$?
  set -e
  others=$(ls "$work/findings" | grep -v -E '^(oom|slow-unit)-' || true)
  if [ "$status" -eq 0 ] || [ -n "$others" ]; then
    break
  fi
done
grep -h "stat::number_of_executed_units" "$work/log.txt" | awk '{ n += $2 } END { print "fuzzer: " n " executions" }'
others=$(ls "$work/findings" | grep -v -E '^(oom|slow-unit)-' || true)
if [ -n "$others" ]; then
  echo "fuzzer: a finding; the input is in $work/findings:"
  ls "$work/findings"
  tail -40 "$work/log.txt"
  exit 1
fi
ooms=$(ls "$work/findings" | grep -c '^oom-' || true)
if [ "$ooms" -gt 0 ]; then
  echo "fuzzer: $ooms input(s) made GDCM allocate beyond the limit (open finding, see Documentation/Robustness.md)"
fi
echo "fuzzer: no crash, leak, sanitizer report or timeout in $seconds s"
