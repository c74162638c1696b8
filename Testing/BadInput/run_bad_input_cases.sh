#!/usr/bin/env bash
# Bad input, run as a user would: the real chestct binary, case by case.
# Each case states the exit status and a piece of the message it must give;
# every case also checks that no partial output is left behind and that the
# inputs are unchanged. Prints the table of Documentation/Robustness.md.
#
#   run_bad_input_cases.sh CHESTCT SCRATCH_DIR [DATA_ROOT]
set -uo pipefail
chestct="$1"
scratch="$2"
data="${3:-}"
rm -rf "$scratch" && mkdir -p "$scratch"
cd "$scratch" || exit 1
passed=0
failed=0
skipped=0

checksum() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum) | sha256sum; }
# leftovers DIR: files a failed run must not leave (final outputs or .chestct-partial-*)
leftovers() { find "$1" -maxdepth 1 -type f \( -name '*.nrrd' -o -name '*.json' -o -name '.chestct-partial-*' \) | wc -l; }

# run NAME EXPECTED_STATUS MESSAGE_PART COMMAND... (runs in a fresh output folder "out")
run() {
  local name="$1" expected="$2" part="$3"
  shift 3
  rm -rf out && mkdir -p out && chmod a+rwx out # writable for the cases run as another user
  "$@" > stdout.txt 2> stderr.txt
  local status=$?
  local message
  message="$(cat stderr.txt stdout.txt | grep -v '^$' | head -1 | cut -c1-110)"
  local ok=1
  [ "$status" -eq "$expected" ] || ok=0
  grep -qF -- "$part" stderr.txt stdout.txt out/*.json 2> /dev/null || ok=0
  if [ "$expected" -ne 0 ] && [ "$(leftovers out)" -ne 0 ]; then ok=0; message="left files behind: $message"; fi
  if [ "$ok" -eq 1 ]; then
    passed=$((passed + 1)); verdict="ok"
  else
    failed=$((failed + 1)); verdict="FAILED (wanted exit $expected and \"$part\")"
  fi
  printf "| %s | %s | %s | %s |\n" "$name" "$status" "$message" "$verdict"
}
skip() { skipped=$((skipped + 1)); printf "| %s | - | skipped: %s | - |\n" "$1" "$2"; }

# phantom FOLDER [OPTIONS]: a small phantom series; options given later override the defaults.
phantom() {
  local folder="$1"
  shift
  "$chestct" phantom --columns 48 --rows 48 --pixel-spacing 8 --slices 12 -o "$folder" "$@" > /dev/null
}

echo "| case | exit | first line of the message | verdict |"
echo "|---|---|---|---|"

mkdir -p in/empty in/text && echo "notes" > in/text/readme.txt && echo "x" > in/text/data.csv
phantom in/series
phantom in/single --slices 1
phantom in/two --slices 2
phantom in/missing --missing 5
phantom in/tilted --tilt 20
mkdir -p in/garbage && { head -c 128 /dev/zero; printf 'DICM'; head -c 2000 /dev/urandom; } > in/garbage/fake.dcm
cp -r in/series in/with-empty && : > in/with-empty/empty-file
cp -r in/series in/cut-header && f=$(ls in/cut-header | head -1) && truncate -s 300 "in/cut-header/$f"
cp -r in/series in/cut-pixels && f=$(ls in/cut-pixels | sort | sed -n 6p) && truncate -s -1000 "in/cut-pixels/$f"
cp -r in/series in/duplicate && f=$(ls in/duplicate | head -1) && cp "in/duplicate/$f" "in/duplicate/copy-of-$f"
"$chestct" phantom -o in/large --columns 384 --rows 384 --pixel-spacing 1 --slices 160 > /dev/null
cp -r in/series in/unreadable
before=$(checksum in)

run "empty folder" 1 "no DICOM image series found" "$chestct" convert in/empty -o out/ct.nrrd
run "folder without DICOM" 1 "no DICOM image series found" "$chestct" convert in/text -o out/ct.nrrd
run "a single slice" 0 "a single slice" "$chestct" convert in/single -o out/ct.nrrd
run "two slices" 0 "48 x 48 x 2 voxels" "$chestct" convert in/two -o out/ct.nrrd
run "a zero-byte file in the series" 0 "empty file (0 bytes)" "$chestct" convert in/with-empty -o out/ct.nrrd
run "a file cut off in its header" 0 "damaged DICOM file" "$chestct" convert in/cut-header -o out/ct.nrrd
run "a file cut off in its pixel data" 1 "truncated: the file ends" "$chestct" convert in/cut-pixels -o out/ct.nrrd
run "DICM preamble, then garbage" 1 "no DICOM image series found" "$chestct" convert in/garbage -o out/ct.nrrd
run "the same file twice" 0 "repeat an image already present" "$chestct" convert in/duplicate -o out/ct.nrrd
run "a missing slice (gap)" 0 "slices are missing" "$chestct" convert in/missing -o out/ct.nrrd
run "gantry tilt (phantom)" 0 "the stack is tilted by 20.00 degrees" "$chestct" convert in/tilted -o out/ct.nrrd
run "output inside the input folder" 1 "inside the input folder" "$chestct" convert in/series -o in/series/ct.nrrd
run "output folder missing" 1 "does not exist" "$chestct" convert in/series -o out/missing/ct.nrrd
run "unknown output format" 1 "unknown output format" "$chestct" convert in/series -o out/ct.png
run "input missing" 1 "does not exist" "$chestct" convert in/nowhere -o out/ct.nrrd
run "--no-compress with a .nii.gz output" 2 "--no-compress contradicts out/ct.nii.gz" "$chestct" convert in/series -o out/ct.nii.gz --no-compress
# The chestct command is a launcher that becomes chestct-real from its own folder.
mkdir -p lonely && cp "$chestct" lonely/chestct
run "the chestct command without chestct-real beside it" 127 "chestct-real cannot be started" lonely/chestct --version
run "disk full during the write (NIfTI)" 1 "does not read back whole" bash -c "ulimit -f 40; trap '' XFSZ; exec '$chestct' convert in/series -o out/ct.nii"
run "disk full during the write (NRRD)" 1 "could not write the image" bash -c "ulimit -f 20; trap '' XFSZ; exec '$chestct' convert in/series -o out/ct.nrrd"

run "segment: empty folder" 1 "no DICOM image series found" "$chestct" segment in/empty -o out/lungs.nrrd
run "segment: mask inside the input folder" 1 "inside the input folder" "$chestct" segment in/series -o in/series/lungs.nrrd
run "segment: --masked equal to the mask" 2 "--masked must name another file" "$chestct" segment in/series -o out/lungs.nrrd --masked out/lungs.nrrd
run "segment: steps slice outside the volume" 1 "is outside the volume" "$chestct" segment in/series -o out/lungs.nrrd --grid original --steps out/steps.png --steps-slice 500
run "run: the output folder exists" 1 "already exists" "$chestct" run in/series -o out
run "run: output folder inside the input" 1 "inside the input folder" "$chestct" run in/series -o in/series/run
# The HU volume is written on a thread of its own while the run goes on: a write that fails there still
# stops the run with the file named, and leaves neither a partial file, nor a sidecar without its volume,
# nor a summary.json that would mark the folder as a finished run. A folder in the way of ct.nrrd makes that
# write, and only that one, fail. With the disk full, whichever write comes first (ct.nrrd on its thread, or
# ct_1mm.nrrd on the main one) is the one named.
run "run: a background write fails" 1 "out/run/ct.nrrd: could not move the finished output into place" \
  bash -c "mkdir -p out/run/ct.nrrd && exec '$chestct' run -q in/series -o out/run --force"
if [ -e out/run/summary.json ] || [ -e out/run/ct.json ] || [ -n "$(find out/run -name '.chestct-partial-*')" ]; then
  failed=$((failed + 1)); printf "| %s | - | %s | FAILED |\n" "run: a background write fails, what stays" "$(ls -A out/run | tr '\n' ' ')"
fi
run "run: disk full during the writes" 1 "could not write the image" \
  bash -c "ulimit -f 20; trap '' XFSZ; exec '$chestct' run -q in/series -o out/run"
if [ -e out/run/summary.json ] || [ -e out/run/ct.json ] || [ -n "$(find out/run -name '.chestct-partial-*')" ]; then
  failed=$((failed + 1)); printf "| %s | - | %s | FAILED |\n" "run: disk full, what stays" "$(ls -A out/run | tr '\n' ' ')"
fi

if [ -n "$data" ] && [ -d "$data/odd" ]; then
  run "segment: a head CT (no lungs)" 0 "no lung found" "$chestct" segment "$data/odd/philips-head-tilt" -o out/lungs.nrrd --grid original
  # The run makes everything it can; no lung surface, and the summary says why.
  run "run: two slices, one voxel thick at 1 mm (no surface can be made)" 0 "none: the volume is one voxel thick" "$chestct" run "$data/odd/padding-2000-feet-first" -o out/thinrun
  run "run: a head CT (no lungs)" 0 "none: the lung mask is empty" "$chestct" run "$data/odd/philips-head-tilt" -o out/headrun
  grep -q '"No lung surface: the lung mask is empty."' out/headrun/summary.json 2>/dev/null ||
    { failed=$((failed + 1)); printf "| %s | - | %s | FAILED |\n" "run: a head CT, its summary" "no note on the missing lung surface"; }
  run "MR only" 1 "no CT series found (modalities present: MR)" "$chestct" convert "$data/odd/mixed-ct-mr-nm-text/mr_small_toshiba.dcm" -o out/ct.nrrd
  run "mixed CT, MR, NM, text" 0 "30 voxels" "$chestct" convert "$data/odd/mixed-ct-mr-nm-text" -o out/ct.nrrd
  run "multi-frame (Enhanced CT)" 0 "512 x 512 x 2 voxels" "$chestct" convert "$data/odd/enhanced-ct-multiframe" -o out/ct.nrrd
  run "non-uniform spacing and tilt (GE)" 0 "slice spacing varies" "$chestct" convert "$data/odd/ge-head-tilt-variable-spacing" -o out/ct.nrrd
  run "six encodings of one image at one position" 1 "two different images at the same slice position" "$chestct" convert "$data/odd/transfer-syntaxes" -o out/ct.nrrd
else
  skip "real-data cases" "no data root given"
fi

# Permissions: as root every file is readable, so these run as nobody where setpriv allows it.
if [ "$(id -u)" -eq 0 ] && command -v setpriv > /dev/null; then
  as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
  chmod -R a+rX in && chmod a+rwx .
  f=$(ls in/unreadable | sort | sed -n 4p) && chmod 000 "in/unreadable/$f"
  run "an unreadable file in the series" 0 "Permission denied" as_nobody "$chestct" convert in/unreadable -o out/ct.nrrd
  mkdir -p locked && chmod 555 locked
  run "an output folder that cannot be written" 1 "is not writable" as_nobody "$chestct" convert in/series -o locked/ct.nrrd
  chmod 644 "in/unreadable/$f"
else
  skip "permission cases" "need root and setpriv to act as another user"
fi

# Interrupted: SIGTERM mid-run leaves neither a final output nor a partial file.
rm -rf out && mkdir -p out
"$chestct" convert in/large -o out/ct.nii.gz > /dev/null 2>&1 &
pid=$!
sleep 1.0
kill -TERM "$pid" 2> /dev/null
wait "$pid"
status=$?
if [ "$status" -eq 143 ] && [ "$(leftovers out)" -eq 0 ]; then
  passed=$((passed + 1)); printf "| %s | %s | %s | ok |\n" "interrupted by SIGTERM mid-run" "$status" "nothing left in the output folder"
elif [ "$status" -eq 0 ]; then
  skipped=$((skipped + 1)); printf "| %s | 0 | finished before the signal | skipped |\n" "interrupted by SIGTERM mid-run"
else
  failed=$((failed + 1)); printf "| %s | %s | %s files left | FAILED |\n" "interrupted by SIGTERM mid-run" "$status" "$(leftovers out)"
fi
# SIGKILL cannot be caught: a hidden .chestct-partial-* file may stay, but no final name.
"$chestct" convert in/large -o out/ct.nii.gz > /dev/null 2>&1 &
pid=$!
sleep 1.0
kill -KILL "$pid" 2> /dev/null
wait "$pid" 2> /dev/null
if [ ! -e out/ct.nii.gz ] && [ ! -e out/ct.json ]; then
  passed=$((passed + 1)); printf "| %s | 137 | %s | ok |\n" "killed (SIGKILL) mid-run" "no file under a final name"
else
  failed=$((failed + 1)); printf "| %s | 137 | a final name exists | FAILED |\n" "killed (SIGKILL) mid-run"
fi
rm -f out/.chestct-partial-*

# chestct run interrupted: the files already there are whole (each reads back), no temporary file stays,
# and summary.json, written last, is absent.
rm -rf out && mkdir -p out
"$chestct" run in/large -o out/run > /dev/null 2>&1 &
pid=$!
sleep 4.0
kill -TERM "$pid" 2> /dev/null
wait "$pid"
status=$?
whole=1
for volume in out/run/*.nrrd; do
  [ -e "$volume" ] || continue
  "$chestct" histogram "$volume" -o out/check.svg > /dev/null 2>&1 || whole=0
done
partial=$(find out/run -name '.chestct-partial-*' 2> /dev/null | wc -l)
if [ "$status" -eq 143 ] && [ "$whole" -eq 1 ] && [ "$partial" -eq 0 ] && [ ! -e out/run/summary.json ]; then
  passed=$((passed + 1))
  printf "| %s | %s | %s | ok |\n" "run interrupted by SIGTERM" "$status" "$(ls out/run | wc -l) whole files, no summary.json, no partial file"
elif [ "$status" -eq 0 ]; then
  skipped=$((skipped + 1)); printf "| %s | 0 | finished before the signal | skipped |\n" "run interrupted by SIGTERM"
else
  failed=$((failed + 1))
  printf "| %s | %s | whole=%s partial=%s summary=%s | FAILED |\n" "run interrupted by SIGTERM" "$status" "$whole" "$partial" "$([ -e out/run/summary.json ] && echo yes || echo no)"
fi

if [ "$(checksum in)" = "$before" ]; then
  passed=$((passed + 1)); echo "| inputs after every case | - | unchanged (sha256 of every file) | ok |"
else
  failed=$((failed + 1)); echo "| inputs after every case | - | CHANGED | FAILED |"
fi
echo
echo "bad-input: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
