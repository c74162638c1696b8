#!/usr/bin/env bash
# The main job: from a fresh Debian 12 machine, installs what ChestCT needs,
# builds it, and runs the whole pipeline ('chestct run') on the bundled default
# input, the synthetic thorax phantom written as a DICOM series, then checks the
# lung mask against the phantom's ground truth.
#
#   bash Examples/run_main_job.sh [OUTPUT_DIR]     (default: chestct-output)
#
# Give a DICOM folder of your own instead with CHESTCT_INPUT=/path/to/dicom.
set -euo pipefail
source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="$source_dir/build"
output_dir="${1:-chestct-output}"

"$source_dir/.ci/install-debian-packages"
cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target chestct
chestct="$build_dir/Modules/Applications/CommandLine/chestct"

if [ -e "$output_dir" ] && [ -n "$(ls -A "$output_dir")" ]; then
  echo "run_main_job: $output_dir is not empty; give another folder or remove it" >&2
  exit 1
fi
mkdir -p "$output_dir"

input="${CHESTCT_INPUT:-}"
if [ -z "$input" ]; then
  input="$output_dir/phantom-dicom"
  echo "== the bundled input: the thorax phantom as a DICOM series, with its ground truth"
  "$chestct" phantom -o "$input" --columns 256 --rows 256 --slices 96 --pixel-spacing 1.5 --slice-spacing 2.5 \
    --truth-hu "$output_dir/phantom-truth-hu.nrrd" --truth-labels "$output_dir/phantom-truth-lungs.nrrd"
fi

echo "== the series found"
"$chestct" series "$input"

echo "== the whole quest: HU volume, histogram, montage, 1 mm, bone surface, lungs, report"
"$chestct" run "$input" -o "$output_dir/run"

if [ -z "${CHESTCT_INPUT:-}" ]; then
  echo "== the lung mask against the phantom's ground truth"
  "$chestct" evaluate "$output_dir/phantom-truth-lungs.nrrd" "$output_dir/run/lungs.nrrd"
fi

echo
echo "open $output_dir/run/report.html; every output is listed in $output_dir/run/summary.json"
