#include "chestctArgumentParser.h"
#include "chestctAtomicOutputFile.h"
#include "chestctCommandSupport.h"
#include "chestctCommands.h"
#include "chestctError.h"
#include "chestctImageFileFormat.h"
#include "chestctLungMaskStage.h"
#include "chestctReadHounsfieldVolume.h"
#include "chestctResampleGrid.h"
#include "chestctResampleImage.h"
#include "chestctWriteImage.h"


#include <cmath>
#include <iomanip>
#include <memory>

namespace chestct
{

int
RunSegmentCommand(const std::vector<std::string> & arguments, std::ostream & out, std::ostream & err)
{
  ArgumentParser parser(
    "segment",
    "Segment the lungs of a chest CT (a DICOM folder, or a .nrrd/.nii/.nii.gz/.mha volume in HU) and write the "
    "mask as MASK's extension says, with a JSON sidecar of the lung volumes (mL). The robust method (the "
    "default) labels the right lung 1 and the left lung 2, with their vessels and pleural nodules, without the "
    "airways; the seed method is the tutorial's per-slice k-means recipe, faithfully (one label).");
  parser.Positional("IN", "a DICOM folder or file, or a volume file in HU (.nrrd, .nii, .nii.gz, .mha)")
    .Option("-o,--output", "MASK", "the mask to write: .nrrd, .nii, .nii.gz or .mha (uint8 labels)")
    .Option("--method", "NAME", "robust (3D, right 1 and left 2) or seed (the tutorial's per-slice recipe)", "robust")
    .Option("--grid",
            "GRID",
            "resampled: on the isotropic grid of --spacing, as the seed does; original: on the CT's own grid",
            "resampled")
    .Option("--spacing", "MM", "the resampled grid's spacing (linear interpolation)", "1")
    .Option("--masked",
            "OUT",
            "also write the CT on the mask's grid with every voxel outside the lungs set to "
            "--outside-value")
    .Option("--outside-value", "HU", "the value of --masked outside the lungs", "-1024")
    .Option("--steps", "PNG", "also draw the method's steps on one slice, as the seed's six-panel figure")
    .Option("--steps-slice",
            "K",
            "the slice (third index of the mask's grid) of --steps (default: the one with the "
            "most lung)")
    .Option("--series", "KEY", "for a DICOM folder: the series to read (see 'chestct series')")
    .Flag("--no-compress", kNoCompressHelp)
    .Option("--threads", "N", "threads to use (default: all cores)")
    .Flag("-q,--quiet", "print nothing but errors")
    .Epilog("The sidecar (MASK with .json for its extension) holds the method, the grid, what each label means, "
            "the volume of each lung and of both in mL, and for the robust method the air threshold it learned, "
            "whether it found the trachea, the airway volume it removed, whether the lungs had to be cut apart, "
            "and its remarks in plain words; then the seconds the method took and the command's peak memory in MB. "
            "Documentation/Segmentation.md and LungSegmentation.md describe the methods.");
  if (!parser.Parse(arguments, out))
  {
    return 0;
  }
  if (!parser.Given("--output"))
  {
    throw UsageError("missing -o MASK");
  }
  const std::string input = parser.Get("IN");
  const std::string output = parser.Get("--output");
  const std::string sidecar = SidecarPath(output);
  const auto        method = LungMaskMethodFromName(parser.Get("--method"));
  const std::string gridName = parser.Get("--grid");
  if (gridName != "resampled" && gridName != "original")
  {
    throw UsageError("--grid must be resampled or original, got '" + gridName + "'");
  }
  const double spacing = parser.GetNumber("--spacing");
  if (!(spacing > 0.0) || !std::isfinite(spacing))
  {
    throw UsageError("--spacing needs a positive number of mm");
  }
  const long outsideValue = parser.GetInteger("--outside-value");
  if (outsideValue < -32768 || outsideValue > 32767)
  {
    throw UsageError("--outside-value must fit in int16");
  }
  const std::string masked = parser.Get("--masked");
  const std::string stepsFigure = parser.Get("--steps");
  if (parser.Given("--steps-slice") && stepsFigure.empty())
  {
    throw UsageError("--steps-slice needs --steps PNG");
  }
  const auto format = ImageFileFormatFromPath(output); // bad names fail before any work
  const auto maskedFormat = masked.empty() ? format : ImageFileFormatFromPath(masked);
  const auto compression = CompressionOption(parser, { output, masked });
  for (const std::string & path : { output, sidecar, masked, stepsFigure })
  {
    if (!path.empty())
    {
      CheckOutputIsNotAnInput(path, input);
    }
  }
  if (!masked.empty() && (masked == output || masked == sidecar))
  {
    throw UsageError("--masked must name another file than the mask and its sidecar");
  }
  ApplyThreadsOption(parser);
  const bool quiet = parser.Given("--quiet");

  auto volume = ReadHounsfieldVolume(input, parser.Get("--series"));
  using HUImageType = LungMaskOutcome::HUImageType;
  HUImageType::Pointer ct = volume.image;
  if (gridName == "resampled")
  {
    const ResampleGrid grid =
      ComputeResampleGrid(*ct, { spacing, spacing, spacing }, GridPlacement::CoverExtent, input);
    auto resample = CreateResampleFilter<HUImageType>(ct, grid, InterpolatorKind::Linear, -1024);
    resample->Update();
    ct = resample->GetOutput();
    ct->DisconnectPipeline();
    volume.image = nullptr; // the original grid is no longer needed
  }
  // A slice asked for is checked before the segmentation, which keeps the robust method's steps for it alone.
  const long askedSlice = parser.Given("--steps-slice") ? parser.GetInteger("--steps-slice") : -1;
  if (!stepsFigure.empty() && parser.Given("--steps-slice"))
  {
    CheckStepsSlice(*ct, askedSlice, stepsFigure);
  }
  const LungMaskOutcome outcome = ComputeLungMask(ct, method, !stepsFigure.empty(), askedSlice);
  const long            stepsSlice = askedSlice >= 0 ? askedSlice : ChooseStepsSlice(outcome);

  // Every file is finished under a temporary name before any appears.
  AtomicOutputFile maskFile(output);
  AtomicOutputFile sidecarFile(sidecar);
  WriteImageAs(outcome.labels.GetPointer(), maskFile.TemporaryPath(), format, output, 1, compression);
  std::unique_ptr<AtomicOutputFile> maskedFile;
  if (!masked.empty())
  {
    maskedFile = std::make_unique<AtomicOutputFile>(masked);
    const auto applied = ApplyLungMask(ct, outcome.labels, static_cast<short>(outsideValue));
    WriteImageAs(applied.GetPointer(), maskedFile->TemporaryPath(), maskedFormat, masked, 1, compression);
  }
  if (!stepsFigure.empty())
  {
    WriteLungMaskStepsFigure(outcome, stepsSlice, stepsFigure); // atomic itself
  }
  // The sidecar last, so that the peak memory it gives is the whole command's.
  const double peakMemoryMB = PeakResidentMemoryMB();
  WriteTextInto(sidecarFile, LungMaskSidecar(outcome, input, gridName, peakMemoryMB));
  maskFile.Commit();
  sidecarFile.Commit();
  if (maskedFile)
  {
    maskedFile->Commit();
  }

  if (!quiet)
  {
    const auto size = outcome.labels->GetLargestPossibleRegion().GetSize();
    out << "wrote " << output << " (" << LungMaskMethodName(method) << " method, " << size[0] << " x " << size[1]
        << " x " << size[2] << " voxels, " << gridName << " grid) and " << sidecar << "\n";
    out << std::fixed << std::setprecision(0);
    if (method == LungMaskMethod::Robust)
    {
      out << "lungs: right " << outcome.rightVolume << " mL, left " << outcome.leftVolume << " mL, total "
          << outcome.totalVolume << " mL\n";
      for (const std::string & note : outcome.report.notes)
      {
        err << "chestct segment: note: " << note << "\n";
      }
    }
    else
    {
      out << "lungs: " << outcome.totalVolume << " mL\n";
    }
    out << std::setprecision(2) << "segmented in " << outcome.seconds << " s; peak memory " << std::setprecision(0)
        << peakMemoryMB << " MB\n";
    if (!masked.empty())
    {
      out << "wrote " << masked << "\n";
    }
    if (!stepsFigure.empty())
    {
      out << "wrote " << stepsFigure << " (slice " << stepsSlice << ")\n";
    }
  }
  return 0;
}

} // namespace chestct
