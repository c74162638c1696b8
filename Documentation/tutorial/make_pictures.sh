#!/usr/bin/env bash
# Makes the pictures of Documentation/Tutorial.md by running chestct on the bundled phantom, so that
# every picture there is what the commands shown produce. Needs a built chestct.
#
#   bash Documentation/tutorial/make_pictures.sh [CHESTCT]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chestct="${1:-$here/../../build/Modules/Applications/CommandLine/chestct}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

"$chestct" phantom -o "$scratch/dicom" --columns 256 --rows 256 --slices 96 --pixel-spacing 1.5 \
  --slice-spacing 2.5 --truth-labels "$scratch/truth.nrrd" > /dev/null
"$chestct" histogram "$scratch/dicom" -o "$here/histogram.svg" -q
"$chestct" montage "$scratch/dicom" -o "$here/montage.png" --rows 2 --cols 6 --start 10 --every 7 --tile-size 160 -q
"$chestct" resample "$scratch/dicom" -o "$scratch/ct_1mm.nrrd" -q
"$chestct" segment "$scratch/ct_1mm.nrrd" -o "$scratch/lungs.nrrd" --grid original --steps "$here/steps_robust.png" -q
"$chestct" segment "$scratch/ct_1mm.nrrd" -o "$scratch/seed.nrrd" --grid original --method seed \
  --steps "$here/steps_seed.png" -q
"$chestct" montage "$scratch/ct_1mm.nrrd" -o "$here/lungs_coronal.png" --mask "$scratch/lungs.nrrd" --axis coronal \
  --rows 1 --cols 4 --start 150 --every 25 --tile-size 200 -q
"$chestct" surface "$scratch/ct_1mm.nrrd" -o "$scratch/bone.ply" --body --render "$here/bone.png" -q
"$chestct" surface "$scratch/lungs.nrrd" -o "$scratch/lungs.ply" --label 1 --smooth 20 \
  --render "$here/right_lung.png" --view right -q
"$chestct" evaluate "$scratch/truth.nrrd" "$scratch/lungs.nrrd" > "$here/evaluate_robust.txt"
"$chestct" evaluate "$scratch/truth.nrrd" "$scratch/seed.nrrd" > "$here/evaluate_seed.txt"
echo "pictures written to $here"
