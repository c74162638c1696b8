#!/bin/sh
# Side-by-side speed and peak memory of isotropic 1 mm resampling: `chestct resample` (linear, bspline)
# against seed_pipeline.py's resample stage (scipy.ndimage.zoom, order 3), on one series, in one run.
# A script, not a test: it prints figures and asserts nothing.
#
# usage: resample_benchmark.sh [CHESTCT] [SERIES_DIR] [SEED_PIPELINE]
#   CHESTCT        the chestct executable (default: ../build/Modules/Applications/CommandLine/chestct)
#   SERIES_DIR     a DICOM series (default: ../shared/data/chest/lungdx-A0001-5mm)
#   SEED_PIPELINE  seed_pipeline.py (default: ../shared/reference/seed_pipeline.py)
# Needs /usr/bin/time (Debian package 'time') and, for the seed, python3-pydicom python3-scipy
# python3-skimage python3-sklearn. Outputs go to a temporary folder that is removed afterwards.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
chestct=${1:-$here/../build/Modules/Applications/CommandLine/chestct}
series=${2:-$here/../shared/data/chest/lungdx-A0001-5mm}
seed=${3:-$here/../shared/reference/seed_pipeline.py}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

echo "series: $series"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %10s %12s %s\n' "run" "seconds" "peak RSS MB" "notes"

# The seed: whole process timed by /usr/bin/time; its own JSON gives the resample stage alone.
/usr/bin/time -f "%e %M" -o "$work/seed.time" /usr/bin/python3 "$seed" "$series" "$work/seed" --skip-mesh --skip-mask \
  > "$work/seed.json"
seed_resample=$(/usr/bin/python3 -c 'import json,sys; print("%.2f" % json.load(open(sys.argv[1]))["seconds"]["resample"])' "$work/seed.json")
read -r seed_total seed_rss < "$work/seed.time"
printf '%-34s %10s %12d %s\n' "seed_pipeline.py (load+hist+zoom)" "$seed_total" $((seed_rss / 1024)) \
  "resample stage alone: ${seed_resample} s"

for interpolator in linear bspline; do
  /usr/bin/time -f "%e %M" -o "$work/$interpolator.time" "$chestct" resample "$series" -o "$work/$interpolator.nii" \
    --interpolator "$interpolator" --timings -q 2> "$work/$interpolator.log"
  read -r total rss < "$work/$interpolator.time"
  resample=$(sed -n 's/.*resampling took \([0-9.]*\) s/\1/p' "$work/$interpolator.log")
  printf '%-34s %10s %12d %s\n' "chestct resample --interpolator $interpolator" "$total" $((rss / 1024)) \
    "$(tr '\n' ';' < "$work/$interpolator.log" | sed 's/chestct resample: //g')"
  /usr/bin/python3 -c 'import sys; s, w, r = map(float, sys.argv[1:4]); print("  speed-up vs the seed'"'"'s resample stage: %.1fx whole command (read+resample+write), %.1fx resampling alone" % (s / w, s / r))' \
    "$seed_resample" "$total" "$resample"
done
