#include "chestctArgumentParser.h"
#include "chestctAtomicOutputFile.h"
#include "chestctCommandSupport.h"
#include "chestctCommands.h"
#include "chestctDICOMFolderScanner.h"
#include "chestctDICOMSeriesSelection.h"
#include "chestctError.h"
#include "chestctHounsfieldVolumeReader.h"
#include "chestctSeriesSidecar.h"
#include "chestctSliceStackGeometry.h"
#include "chestctWriteImage.h"


#include <iomanip>

namespace chestct
{

int
RunConvertCommand(const std::vector<std::string> & arguments, std::ostream & out, std::ostream & err)
{
  ArgumentParser parser("convert",
                        "Convert the CT series found under IN to an int16 Hounsfield-unit volume in patient space "
                        "(LPS), written as NRRD, NIfTI or MetaImage by OUT's extension, with a JSON sidecar beside "
                        "it (OUT's name with .json): the series' identity, geometry, the checks' findings and the "
                        "files skipped.");
  parser.Positional("IN", "a folder of DICOM files (searched recursively) or one DICOM file")
    .Option("-o,--output", "OUT", "the volume to write: .nrrd, .nii, .nii.gz or .mha")
    .Option("--series", "KEY", "the series to convert, by key or SeriesInstanceUID (see 'chestct series')")
    .Option("--air-value", "HU", "the value given to padding outside the scan circle", "-1024")
    .Flag("--keep-padding", "do not map padding to air: convert it with the rescale like any pixel")
    .Flag("--no-assume-2000", "without a PixelPaddingValue tag, do not treat a stored -2000 as padding")
    .Flag("--include-patient", "write the patient's name and ID into the sidecar (left out by default)")
    .Flag("--no-compress", kNoCompressHelp)
    .Option("--threads", "N", "threads to use (default: all cores)")
    .Flag("-q,--quiet", "print nothing but errors")
    .Epilog("Slices are ordered by position along the slice normal, never by InstanceNumber or SliceLocation. "
            "Tilted, gapped or unevenly spaced stacks are resampled onto a regular grid, with a warning.");
  if (!parser.Parse(arguments, out))
  {
    return 0;
  }
  if (!parser.Given("--output"))
  {
    throw UsageError("missing -o OUT");
  }
  const std::string input = parser.Get("IN");
  const std::string output = parser.Get("--output");
  const std::string sidecar = SidecarPath(output);
  const auto        format = ImageFileFormatFromPath(output); // before any work: a bad name fails at once
  const auto        compression = CompressionOption(parser, { output });
  CheckOutputIsNotAnInput(output, input);
  CheckOutputIsNotAnInput(sidecar, input);
  ApplyThreadsOption(parser);
  HounsfieldConversionOptions options;
  const long                  airValue = parser.GetInteger("--air-value");
  if (airValue < -32768 || airValue > 32767)
  {
    throw UsageError("--air-value must fit in int16");
  }
  options.paddingOutputValue = static_cast<short>(airValue);
  options.mapPadding = !parser.Given("--keep-padding");
  options.assumeMinus2000Padding = !parser.Given("--no-assume-2000");
  const bool quiet = parser.Given("--quiet");

  const DICOMScanResult    scan = ScanDICOMFolder(input);
  const DICOMSeries &      series = ChooseSeries(scan.series, parser.Get("--series"), input);
  const SliceStackGeometry geometry = AnalyzeSliceStack(series);
  if (!quiet)
  {
    for (const GeometryFinding & finding : geometry.findings)
    {
      err << "chestct convert: " << ToString(finding.severity) << ": " << finding.message << "\n";
    }
  }

  HounsfieldVolumeReader reader(series, geometry, options);
  ConversionRecord       record;
  record.scan = &scan;
  record.series = &series;
  record.geometry = &geometry;
  record.padding = reader.Padding();
  record.options = options;
  record.outputFile = output;
  record.includePatientIdentity = parser.Given("--include-patient");

  // Both files are finished under temporary names before either appears. The volume is read first, in
  // slabs (HounsfieldVolumeReader::Read): a writer driving the pipeline would ask for the whole volume at
  // once, and the whole stack of 32-bit stored values would be held beside it.
  AtomicOutputFile imageFile(output);
  AtomicOutputFile sidecarFile(sidecar);
  const auto       volume = reader.Read();
  WriteImageAs(volume.GetPointer(), imageFile.TemporaryPath(), format, output, 1, compression);
  WriteTextInto(sidecarFile, ConversionSidecar(record));
  imageFile.Commit();
  sidecarFile.Commit();

  if (!quiet)
  {
    const VolumeGrid & grid = geometry.grid;
    out << "wrote " << output << " (" << grid.size[0] << " x " << grid.size[1] << " x " << grid.size[2] << " voxels of "
        << std::fixed << std::setprecision(3) << grid.spacing[0] << " x " << grid.spacing[1] << " x " << grid.spacing[2]
        << " mm, int16 HU) and " << sidecar << "\n";
  }
  return 0;
}

} // namespace chestct
