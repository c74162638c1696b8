#!/usr/bin/env bash
# Builds the DICOM fuzz target with clang and fuzzes from the seed corpus:
# 20,000 inputs with seed 1 (RUNS and SEED override), at most SECONDS (default
# 60). With a fixed seed, corpus and binary the run is the same every time, so
# CI checks for regressions without depending on luck; longer exploratory runs
# are made by hand (Documentation/Robustness.md). Fails on a crash, a
# sanitizer report, a leak, a timeout or an allocation beyond libFuzzer's limit.
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
# Small compressed slices, so that the codecs (JPEG 2000, JPEG-LS) are fuzzed too.
for name in CT2_J2KI CT1_J2KI CT2_JLSN; do
  if [ -f "$data/odd/transfer-syntaxes/$name.dcm" ]; then
    real+=("$data/odd/transfer-syntaxes/$name.dcm")
  fi
done
"$make_corpus" "$work/corpus" "${real[@]}"

export LSAN_OPTIONS="suppressions=$here/lsan.supp"
# libFuzzer stops at its first finding (the run is then a failure) or after RUNS inputs.
set +e
"$build_dir/chestctDICOMSeriesFuzzer" "$work/corpus" -max_len=65536 -max_total_time="$seconds" -seed="${SEED:-1}" \
  -runs="${RUNS:-20000}" -print_final_stats=1 -artifact_prefix="$work/findings/" > "$work/log.txt" 2>&1
status=$?
set -e
grep -h "stat::number_of_executed_units" "$work/log.txt" | awk '{ n += $2 } END { print "fuzzer: " n " executions" }'
findings=$(ls "$work/findings" | grep -v '^slow-unit-' || true)
if [ "$status" -ne 0 ] || [ -n "$findings" ]; then
  echo "fuzzer: a finding (exit $status); the input is in $work/findings:"
  ls "$work/findings"
  tail -40 "$work/log.txt"
  exit 1
fi
echo "fuzzer: no crash, leak, sanitizer report, excessive allocation or timeout in $seconds s"
