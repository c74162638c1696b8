#!/usr/bin/env bash
# Side by side, in one run: the seed's Python pipeline (../shared/reference/seed_pipeline.py) and
# 'chestct run' on the same series. Prints each one's seconds per stage, the totals, the speed-up and the
# peak memory of each process; exits non-zero if either fails or if any of ChestCT's outputs is missing.
# A benchmark, not a test: run it by hand on a quiet machine.
#
#   bash Testing/Benchmarks/benchmark_run.sh [DICOM_DIR]
# default DICOM_DIR: ../shared/data/chest/lungdx-A0001-5mm. Needs: python3-pydicom python3-scipy
# python3-skimage python3-sklearn (apt).
set -euo pipefail
source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
input="${1:-$source_dir/../shared/data/chest/lungdx-A0001-5mm}"
seed="${SEED_PIPELINE:-$source_dir/../shared/reference/seed_pipeline.py}"
chestct="${CHESTCT:-$source_dir/build/Modules/Applications/CommandLine/chestct}"
[ -x "$chestct" ] || { echo "benchmark: build chestct first (bash Testing/run_tests.sh), or set CHESTCT" >&2; exit 1; }
[ -f "$seed" ] || { echo "benchmark: $seed not found (set SEED_PIPELINE)" >&2; exit 1; }
[ -d "$input" ] || { echo "benchmark: $input: no such folder" >&2; exit 1; }
# Which binary ran, and when it was built: a stale build tree gives stale figures. The work is done by
# chestct-real beside the launcher, rebuilt when the launcher is not.
program="$chestct"
[ -x "$chestct-real" ] && program="$chestct-real"
echo "chestct: $chestct (built $(date -r "$program" '+%Y-%m-%d %H:%M'))"
/usr/bin/python3 -c "import pydicom, scipy, skimage, sklearn" 2>/dev/null ||
  { echo "benchmark: the seed needs apt-get install python3-pydicom python3-scipy python3-skimage python3-sklearn" >&2; exit 1; }

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cat "$input"/* > /dev/null 2>&1 || true # both read from the page cache

/usr/bin/time -f "%e %M" -o "$scratch/seed.time" /usr/bin/python3 "$seed" "$input" "$scratch/seed" > "$scratch/seed.json"
/usr/bin/time -f "%e %M" -o "$scratch/chestct.time" "$chestct" run -q "$input" -o "$scratch/chestct" --json \
  > "$scratch/chestct.json"

missing=0
for file in ct.nrrd ct.json histogram.svg histogram.csv montage.png ct_1mm.nrrd bone.ply bone.html lungs.nrrd \
  lungs.json lungs_steps.png lungs_masked.nrrd lungs_masked_montage.png lungs.ply lungs.html report.html summary.json; do
  [ -s "$scratch/chestct/$file" ] || { echo "benchmark: chestct run wrote no $file" >&2; missing=1; }
done

/usr/bin/python3 - "$scratch" <<'PY'
import json, sys
d = sys.argv[1]
seed = json.load(open(d + "/seed.json"))["seconds"]
run = json.load(open(d + "/chestct.json"))
stages = {s["name"]: s["seconds"] for s in run["stages"]}
seed_wall, seed_kb = open(d + "/seed.time").read().split()
run_wall, run_kb = open(d + "/chestct.time").read().split()
rows = [("load + HU", seed.get("load_hu"), stages.get("read the series")),
        ("histogram", seed.get("histogram"), stages.get("histogram")),
        # chestct contours the bone in its resampling pass (each 1 mm slab as it is made), and assembles,
        # writes and draws the mesh in its bone stage: the two stages compare only together.
        ("resample to 1 mm (chestct: + bone slabs)", seed.get("resample"), stages.get("resample")),
        ("bone surface (chestct: mesh, files, still)", seed.get("mesh_350_step1"), stages.get("bone surface")),
        ("  resample + bone surface together",
         (seed.get("resample") or 0) + (seed.get("mesh_350_step1") or 0) or None,
         (stages.get("resample") or 0) + (stages.get("bone surface") or 0) or None),
        ("lung masks", seed.get("lungmask_all_slices"), stages.get("lung mask"))]
print("%-44s %10s %10s %9s" % ("stage", "seed s", "chestct s", "speed-up"))
for name, a, b in rows:
    ratio = "%9.1f" % (a / b) if a and b else "%9s" % "-"
    print("%-44s %10s %10s %s" % (name, "%.2f" % a if a is not None else "-", "%.2f" % b if b is not None else "-", ratio))
others = [s for s in run["stages"] if s["name"] not in ("read the series", "histogram", "resample", "bone surface", "lung mask")]
for s in others:
    print("%-44s %10s %10.2f %9s" % ("  chestct only: " + s["name"], "-", s["seconds"], "-"))
print("%-44s %10.2f %10.2f %9.1f" % ("total (process wall clock)", float(seed_wall), float(run_wall), float(seed_wall) / float(run_wall)))
print("%-44s %10.0f %10.0f %9.1f" % ("peak memory MB", int(seed_kb) / 1024, int(run_kb) / 1024, int(seed_kb) / int(run_kb)))
print("chestct lungs: right %.0f mL, left %.0f mL; bone mesh %d triangles (seed %s faces)" % (
    run["lungs"]["right_ml"], run["lungs"]["left_ml"], run["meshes"][0]["triangles"], json.load(open(d + "/seed.json")).get("mesh_faces")))
PY
exit "$missing"
