#!/usr/bin/env bash
# Side by side, in one run: 'chestct convert' and dcm2niix on the same series,
# uncompressed and gzip-compressed NIfTI, best of N runs, with peak memory.
# Prints a table; exits non-zero if either tool fails or writes nothing.
#
#   bash Testing/Benchmarks/benchmark_convert.sh [DICOM_DIR] [RUNS]
# default DICOM_DIR: ../shared/data/chest/lungdx-A0001-5mm; default RUNS: 5
set -euo pipefail
source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
input="${1:-$source_dir/../shared/data/chest/lungdx-A0001-5mm}"
runs="${2:-5}"
chestct="${CHESTCT:-$source_dir/build/Modules/Applications/CommandLine/chestct}"
[ -x "$chestct" ] || { echo "benchmark: build chestct first (bash Testing/run_tests.sh), or set CHESTCT" >&2; exit 1; }
command -v dcm2niix >/dev/null || { echo "benchmark: dcm2niix missing (apt-get install dcm2niix)" >&2; exit 1; }
[ -d "$input" ] || { echo "benchmark: $input: no such folder" >&2; exit 1; }

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cat "$input"/* > /dev/null 2>&1 || true # both tools then read from the page cache

# best_of NAME OUTPUT COMMAND...: prints "seconds peak_kB" of the fastest of $runs runs
best_of() {
  local output="$1"; shift
  local best="" memory=""
  for _ in $(seq "$runs"); do
    rm -rf "$scratch/out" && mkdir -p "$scratch/out"
    /usr/bin/time -f "%e %M" -o "$scratch/time" "$@" > /dev/null 2>&1
    [ -s "$output" ] || { echo "benchmark: $* wrote no $output" >&2; exit 1; }
    read -r seconds kilobytes < "$scratch/time"
    if [ -z "$best" ] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best="$seconds"; memory="$kilobytes"
    fi
  done
  echo "$best $memory"
}

printf "%-28s %10s %12s\n" "series: $(basename "$input")" "seconds" "peak MB"
for format in nii nii.gz; do
  z=n; [ "$format" = "nii.gz" ] && z=y
  read -r cs cm < <(best_of "$scratch/out/ct.$format" "$chestct" convert -q "$input" -o "$scratch/out/ct.$format")
  read -r ds dm < <(best_of "$scratch/out/ref.$format" dcm2niix -z "$z" -b n -f ref -o "$scratch/out" "$input")
  printf "%-28s %10s %12.0f\n" "chestct convert (.$format)" "$cs" "$(echo "$cm / 1024" | bc -l)"
  printf "%-28s %10s %12.0f\n" "dcm2niix -z $z" "$ds" "$(echo "$dm / 1024" | bc -l)"
  printf "%-28s %10.2f\n" "  ratio chestct / dcm2niix" "$(echo "$cs / $ds" | bc -l)"
done
