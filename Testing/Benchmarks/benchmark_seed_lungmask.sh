#!/bin/sh
# Side-by-side speed and peak memory of the seed's per-slice lung mask: seed_pipeline.py's lung-mask stage
# (numpy + scikit-learn KMeans + scikit-image, one slice after another) against ChestCT's
# itk::SeedLungMaskImageFilter (Examples/SeedLungMask), on the same 1 mm volume, in one run, with the Dice
# between the two masks (chestct evaluate). Then the same on ChestCT's own 1 mm resampling (chestct convert
# + chestct resample), compared with the seed's masks in physical space.
# A script, not a test: it prints figures and asserts nothing.
#
# usage: benchmark_seed_lungmask.sh [BUILD_DIR] [SERIES_DIR] [SEED_PIPELINE]
#   BUILD_DIR      ChestCT's build tree (default: ../../build from this script's folder)
#   SERIES_DIR     a DICOM series (default: ../shared/data/chest/lungdx-A0001-5mm)
#   SEED_PIPELINE  seed_pipeline.py (default: ../shared/reference/seed_pipeline.py)
# Needs /usr/bin/time and, for the seed, python3-pydicom python3-scipy python3-skimage python3-sklearn.
# Outputs go to a temporary folder that is removed afterwards.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build}
series=${2:-$here/../shared/data/chest/lungdx-A0001-5mm}
seed=${3:-$here/../shared/reference/seed_pipeline.py}
chestct=$build/Modules/Applications/CommandLine/chestct
example=$build/Examples/SeedLungMask
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

echo "series: $series"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# The seed, without the mesh stages: its JSON gives the lung-mask stage alone; /usr/bin/time the process.
/usr/bin/time -f "%e %M" -o "$work/seed.time" /usr/bin/python3 "$seed" "$series" "$work/seed" --skip-mesh --nrrd \
  > "$work/seed.json"
seed_mask=$(/usr/bin/python3 -c 'import json,sys; print("%.2f" % json.load(open(sys.argv[1]))["seconds"]["lungmask_all_slices"])' "$work/seed.json")
read -r seed_total seed_rss < "$work/seed.time"

# ChestCT on the seed's own 1 mm volume (resampled.nrrd: the same voxels the seed masked).
/usr/bin/time -f "%e %M" -o "$work/ours.time" "$example" "$work/seed/resampled.nrrd" "$work/ours.nrrd" > "$work/ours.log"
ours_mask=$(sed -n 's/^lung mask: \([0-9.]*\) s/\1/p' "$work/ours.log")
read -r ours_total ours_rss < "$work/ours.time"
"$chestct" evaluate "$work/seed/lungmask.nrrd" "$work/ours.nrrd" --json > "$work/same.json"

# ChestCT's own pipeline: convert, resample to 1 mm (linear), mask; compared with the seed's masks.
"$chestct" convert "$series" -o "$work/ct.nrrd" -q
"$chestct" resample "$work/ct.nrrd" -o "$work/ct1mm.nrrd" -q
/usr/bin/time -f "%e %M" -o "$work/own.time" "$example" "$work/ct1mm.nrrd" "$work/own.nrrd" > "$work/own.log"
own_mask=$(sed -n 's/^lung mask: \([0-9.]*\) s/\1/p' "$work/own.log")
read -r own_total own_rss < "$work/own.time"
"$chestct" evaluate "$work/seed/lungmask.nrrd" "$work/own.nrrd" --json > "$work/own.json"

dice() { /usr/bin/python3 -c 'import json,sys; u=json.load(open(sys.argv[1]))["union"]; print("Dice %.4f, HD95 %s mm, ASSD %s mm" % (u["dice"], u["hd95_mm"], u["assd_mm"]))' "$1"; }
printf '%-46s %12s %14s %12s\n' "run" "mask stage s" "whole run s" "peak RSS MB"
printf '%-46s %12s %14s %12d\n' "seed_pipeline.py (load, zoom, masks)" "$seed_mask" "$seed_total" $((seed_rss / 1024))
printf '%-46s %12s %14s %12d\n' "SeedLungMask on the seed's resampled.nrrd" "$ours_mask" "$ours_total" $((ours_rss / 1024))
printf '%-46s %12s %14s %12d\n' "SeedLungMask on chestct's own 1 mm volume" "$own_mask" "$own_total" $((own_rss / 1024))
/usr/bin/python3 -c 'import sys; s, o = map(float, sys.argv[1:3]); print("speed-up of the mask stage: %.1fx" % (s / o))' "$seed_mask" "$ours_mask"
echo "same input (seed's resampled.nrrd) vs seed masks: $(dice "$work/same.json")"
echo "chestct's own 1 mm volume vs seed masks:          $(dice "$work/own.json")"
