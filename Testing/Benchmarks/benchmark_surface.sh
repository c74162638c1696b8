#!/bin/sh
# Side-by-side speed of the 350 HU bone surface at 1 mm: `chestct surface` (VTK flying edges, and marching
# cubes for comparison) against seed_pipeline.py's skimage marching cubes (step 1 and step 2), on the SAME
# 1 mm volume (the seed's own resampled.nrrd), in one run. Prints both times and both triangle counts.
# A script, not a test: it prints figures and asserts nothing.
#
# usage: benchmark_surface.sh [CHESTCT] [SERIES_DIR] [SEED_PIPELINE]
#   CHESTCT        the chestct executable (default: ../build/Modules/Applications/CommandLine/chestct)
#   SERIES_DIR     a DICOM series (default: ../shared/data/chest/lungdx-A0001-5mm)
#   SEED_PIPELINE  seed_pipeline.py (default: ../shared/reference/seed_pipeline.py)
# The seed needs python3-pydicom python3-scipy python3-skimage. Times are wall-clock seconds of the
# iso-surface algorithm alone on a volume already in memory (the seed's "mesh_350_step1" is
# measure.marching_cubes alone; chestct's figure is vtkFlyingEdges3D::Update alone). chestct runs three
# times and the median is reported; the seed's make_mesh (its own function, imported from the script) is
# also timed three more times on the seed's resampled.npy, so that both sides have a median of three: on a
# shared 2-core machine the load from other work moves these figures a lot, and it slows chestct's two
# threads more than skimage's one. Outputs go to a temporary folder that is removed afterwards.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
chestct=${1:-$here/../build/Modules/Applications/CommandLine/chestct}
series=${2:-$here/../shared/data/chest/lungdx-A0001-5mm}
seed=${3:-$here/../shared/reference/seed_pipeline.py}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

echo "series: $series"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# The seed: load, resample to 1 mm (written as NRRD for chestct), marching cubes at 350 HU, step 1 and 2.
/usr/bin/python3 "$seed" "$series" "$work/seed" --skip-mask --nrrd > "$work/seed.json"
read -r seed_step1 seed_step2 seed_faces <<EOF2
$(/usr/bin/python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); s=j["seconds"]; print("%.3f %.3f %d" % (s["mesh_350_step1"], s["mesh_350_step2"], j["mesh_faces"]))' "$work/seed.json")
EOF2
volume="$work/seed/resampled.nrrd"
# The seed's make_mesh again, three times, on the same volume: "MEDIAN FACES".
cat > "$work/remesh.py" <<'PY'
import importlib.util, statistics, sys, time
import numpy as np
spec = importlib.util.spec_from_file_location("seed_pipeline", sys.argv[1])
seed = importlib.util.module_from_spec(spec)
spec.loader.exec_module(seed)
volume = np.load(sys.argv[2])
times = []
for _ in range(3):
    start = time.perf_counter()
    _verts, faces = seed.make_mesh(volume, 350, 1)
    times.append(time.perf_counter() - start)
print("%.3f %d" % (statistics.median(times), len(faces)))
PY
/usr/bin/python3 "$work/remesh.py" "$seed" "$work/seed/resampled.npy" > "$work/remesh.txt"
read -r seed_median seed_median_faces < "$work/remesh.txt"

# One chestct run: prints "SECONDS TRIANGLES" of the iso-surface algorithm alone.
run_chestct() {
  "$chestct" surface "$volume" -o "$work/mesh.stl" "$@" |
    sed -n 's/.*step [0-9]*: \([0-9]*\) triangles in \([0-9.]*\) s.*/\2 \1/p'
}
median_of_three() {
  for i in 1 2 3; do run_chestct "$@"; done | sort -n | sed -n 2p
}
read -r fe1 fe1_faces <<EOF2
$(median_of_three --algorithm flyingedges --step 1)
EOF2
read -r fe2 fe2_faces <<EOF2
$(median_of_three --algorithm flyingedges --step 2)
EOF2
read -r mc1 mc1_faces <<EOF2
$(median_of_three --algorithm marchingcubes --step 1)
EOF2

printf '%-46s %9s %10s\n' "iso-surface at 350 HU, 1 mm volume" "seconds" "triangles"
printf '%-46s %9s %10s\n' "seed: skimage marching_cubes, step 1" "$seed_step1" "$seed_faces"
printf '%-46s %9s %10s\n' "seed: skimage marching_cubes, step 2" "$seed_step2" "-"
printf '%-46s %9s %10s\n' "seed: make_mesh step 1 again, median of 3" "$seed_median" "$seed_median_faces"
printf '%-46s %9s %10s\n' "chestct surface: flying edges, step 1" "$fe1" "$fe1_faces"
printf '%-46s %9s %10s\n' "chestct surface: flying edges, step 2" "$fe2" "$fe2_faces"
printf '%-46s %9s %10s\n' "chestct surface: marching cubes, step 1" "$mc1" "$mc1_faces"
/usr/bin/python3 -c 'import sys; s1, s2, sm, f1, f2, m1 = map(float, sys.argv[1:7]); print("speed-up of flying edges over the seed at step 1: %.1fx (pipeline figure), %.1fx (medians of 3); at step 2: %.1fx; VTK marching cubes at step 1: %.1fx" % (s1 / f1, sm / f1, s2 / f2, sm / m1))' \
  "$seed_step1" "$seed_step2" "$seed_median" "$fe1" "$fe2" "$mc1"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
