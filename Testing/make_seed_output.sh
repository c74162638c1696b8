#!/usr/bin/env bash
# Makes what the comparison of the seed method with the seed's own masks reads (ChestCTSeedLungMaskTests,
# "On the seed's own 1 mm volume ..."): seed_pipeline.py's 1 mm volume and lung masks of lungdx-A0001-5mm,
# in OUT_ROOT/lungdx-A0001. Does nothing when they are there already. When the seed script, the series or
# the seed's Python modules are missing, says so and makes nothing: the test then reports itself skipped.
# About 35 s on two cores (the seed's resampling and masks; its mesh is skipped).
#
#   bash Testing/make_seed_output.sh OUT_ROOT
set -euo pipefail
source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out_root="$1"
series="${CHESTCT_DATA_ROOT:-$source_dir/../shared/data}/chest/lungdx-A0001-5mm"
seed="${SEED_PIPELINE:-$source_dir/../shared/reference/seed_pipeline.py}"
target="$out_root/lungdx-A0001"

if [ -s "$target/resampled.nrrd" ] && [ -s "$target/lungmask.nrrd" ]; then
  echo "seed output: $target is there already"
  exit 0
fi
[ -f "$seed" ] || { echo "seed output: not made: $seed is absent"; exit 0; }
[ -d "$series" ] || { echo "seed output: not made: $series is absent"; exit 0; }
/usr/bin/python3 -c "import pydicom, scipy, skimage, sklearn" 2>/dev/null ||
  { echo "seed output: not made: the seed needs python3-pydicom python3-scipy python3-skimage python3-sklearn"; exit 0; }

# Made under another name and renamed when whole, so that an interrupted run leaves nothing the test would read.
partial="$out_root/.lungdx-A0001.partial"
rm -rf "$partial"
mkdir -p "$out_root"
echo "seed output: running $seed on $series"
if /usr/bin/python3 "$seed" "$series" "$partial" --nrrd --skip-mesh > "$out_root/seed_pipeline.json"; then
  rm -f "$partial"/*.npy # its float volumes, 150 MB that nothing reads
  rm -rf "$target"
  mv "$partial" "$target"
  echo "seed output: $target made ($(cat "$out_root/seed_pipeline.json"))"
else
  rm -rf "$partial"
  echo "seed output: not made: seed_pipeline.py failed (above)" >&2
fi
