#include "chestctLungMaskStage.h"

#include "chestctArgumentParser.h"
#include "chestctJSONWriter.h"
#include "chestctError.h"
#include "chestctSeedLungMask.h"
#include "chestctSegmentationSteps.h"
#include "chestctVersion.h"

#include "itkImageRegionConstIterator.h"

#include <algorithm>
#include <cmath>
#include <chrono>
#include <sstream>

namespace chestct
{
namespace
{
/** Slice `k` (third index) of a 3D image as a 2D image with the in-plane spacing (a copy: slices are small).
 * The slice must lie in the image's buffered region, which may be that one slice (the robust method's steps). */
template <typename TPixel>
typename itk::Image<TPixel, 2>::Pointer
SliceOf(const itk::Image<TPixel, 3> * volume, long k)
{
  const auto & buffered = volume->GetBufferedRegion();
  const auto   size = buffered.GetSize();
  k -= buffered.GetIndex(2);
  auto slice = itk::Image<TPixel, 2>::New();
  slice->SetRegions(typename itk::Image<TPixel, 2>::SizeType{ { size[0], size[1] } });
  typename itk::Image<TPixel, 2>::SpacingType spacing;
  spacing[0] = volume->GetSpacing()[0];
  spacing[1] = volume->GetSpacing()[1];
  slice->SetSpacing(spacing);
  slice->Allocate();
  const TPixel * from = volume->GetBufferPointer() + static_cast<std::size_t>(k) * size[0] * size[1];
  std::copy(from, from + size[0] * size[1], slice->GetBufferPointer());
  return slice;
}

/** The slice of a working-grid image that holds the centre of slice `k` of `fine`. */
long
MatchingSlice(const itk::ImageBase<3> * fine, long k, const itk::ImageBase<3> * working)
{
  itk::Point<double, 3>           centre;
  const auto                      size = fine->GetLargestPossibleRegion().GetSize();
  itk::ContinuousIndex<double, 3> index;
  index[0] = 0.5 * static_cast<double>(size[0] - 1);
  index[1] = 0.5 * static_cast<double>(size[1] - 1);
  index[2] = static_cast<double>(k);
  fine->TransformContinuousIndexToPhysicalPoint(index, centre);
  itk::ContinuousIndex<double, 3> there;
  working->TransformPhysicalPointToContinuousIndex(centre, there);
  const long last = static_cast<long>(working->GetLargestPossibleRegion().GetSize(2)) - 1;
  return std::clamp(static_cast<long>(std::lround(there[2])), 0L, last);
}
} // namespace


LungMaskMethod
LungMaskMethodFromName(const std::string & name)
{
  if (name == "robust")
  {
    return LungMaskMethod::Robust;
  }
  if (name == "seed")
  {
    return LungMaskMethod::Seed;
  }
  throw UsageError("--method must be robust or seed, got '" + name + "'");
}

const char *
LungMaskMethodName(LungMaskMethod method)
{
  return method == LungMaskMethod::Robust ? "robust" : "seed";
}

LungMaskOutcome
ComputeLungMask(LungMaskOutcome::HUImageType * ct, LungMaskMethod method, bool keepSteps, long stepsSlice,
                const LungMaskOutcome::HUImageType * workingGrid)
{
  LungMaskOutcome outcome;
  outcome.method = method;
  outcome.ct = ct;
  const auto start = std::chrono::steady_clock::now();
  if (method == LungMaskMethod::Robust)
  {
    LungSegmentationParameters parameters;
    parameters.keepSteps = keepSteps;
    parameters.stepsSlice = stepsSlice;
    outcome.labels = SegmentLungs(ct, parameters, &outcome.report, &outcome.steps, workingGrid);
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // SegmentLungs counts the lungs' voxels in its last pass already.
    outcome.rightVolume = outcome.report.rightLungVolume;
    outcome.leftVolume = outcome.report.leftLungVolume;
  }
  else
  {
    outcome.labels = ComputeSeedLungMask(ct);
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::size_t voxels = 0;
    for (itk::ImageRegionConstIterator<LungMaskOutcome::LabelImageType> it(outcome.labels,
                                                                           outcome.labels->GetBufferedRegion());
         !it.IsAtEnd();
         ++it)
    {
      voxels += it.Get() != 0 ? 1 : 0;
    }
    const auto & spacing = ct->GetSpacing();
    outcome.rightVolume = static_cast<double>(voxels) * spacing[0] * spacing[1] * spacing[2] / 1000.0;
  }
  outcome.totalVolume = outcome.rightVolume + outcome.leftVolume;
  return outcome;
}

long
ChooseStepsSlice(const LungMaskOutcome & outcome)
{
  if (outcome.method == LungMaskMethod::Robust && outcome.steps.inputSlice >= 0)
  {
    return outcome.steps.inputSlice; // the slice whose steps were kept
  }
  const auto        size = outcome.labels->GetBufferedRegion().GetSize();
  const auto *      labels = outcome.labels->GetBufferPointer();
  const std::size_t slice = size[0] * size[1];
  long              best = static_cast<long>(size[2] / 2);
  std::size_t       most = 0;
  for (std::size_t k = 0; k < size[2]; ++k)
  {
    const auto count = static_cast<std::size_t>(
      std::count_if(labels + k * slice, labels + (k + 1) * slice, [](unsigned char v) { return v != 0; }));
    if (count > most)
    {
      most = count;
      best = static_cast<long>(k);
    }
  }
  return best;
}

void
CheckStepsSlice(const itk::ImageBase<3> & ct, long slice, const std::string & path)
{
  const long slices = static_cast<long>(ct.GetLargestPossibleRegion().GetSize(2));
  if (slice < 0 || slice >= slices)
  {
    throw Error(path,
                "slice " + std::to_string(slice) + " is outside the volume (slices 0 to " + std::to_string(slices - 1) +
                  ")",
                "choose a slice within the volume");
  }
}

void
WriteLungMaskStepsFigure(const LungMaskOutcome & outcome, long slice, const std::string & path)
{
  CheckStepsSlice(*outcome.ct, slice, path);
  const DisplayWindow lung = DisplayWindowFromName("lung");
  const auto          ct = SliceOf<short>(outcome.ct, slice);
  const auto          labels = SliceOf<unsigned char>(outcome.labels, slice);
  auto                labels32 = itk::Image<unsigned int, 2>::New();
  labels32->CopyInformation(labels);
  labels32->SetRegions(labels->GetBufferedRegion());
  labels32->Allocate();
  std::copy(labels->GetBufferPointer(),
            labels->GetBufferPointer() + labels->GetBufferedRegion().GetNumberOfPixels(),
            labels32->GetBufferPointer());
  std::vector<SegmentationStepPanel> panels;
  panels.push_back(MakeGreyPanel("original, slice " + std::to_string(slice), ct, lung));
  if (outcome.method == LungMaskMethod::Seed)
  {
    const SeedLungMaskSteps steps = ComputeSeedLungMaskSteps(ct);
    if (!steps.valid)
    {
      throw Error(path,
                  "slice " + std::to_string(slice) + " is constant: the seed's recipe has no steps to show",
                  "choose a slice through the chest");
    }
    panels.push_back(MakeMaskPanel("threshold (k-means)", steps.threshold));
    panels.push_back(MakeMaskPanel("after erosion and dilation", steps.morphology));
    panels.push_back(MakeLabelPanel("colour labels", steps.labels));
    panels.push_back(MakeMaskPanel("final mask", steps.mask));
    panels.push_back(MakeGreyPanel("mask applied", ct, lung, steps.mask));
  }
  else
  {
    const LungSegmentationSteps & steps = outcome.steps;
    if (!steps.airMask || !steps.workingImage)
    {
      throw Error(path, "the robust method's steps were not kept", "compute the mask with its steps kept");
    }
    const long k = MatchingSlice(outcome.ct, slice, steps.workingImage);
    if (k != steps.airMask->GetBufferedRegion().GetIndex(2))
    {
      throw Error(path,
                  "the robust method's steps were kept for slice " + std::to_string(steps.inputSlice) + ", not " +
                    std::to_string(slice),
                  "compute the mask with the steps of this slice kept");
    }
    panels.push_back(
      MakeMaskPanel("air below " + std::to_string(static_cast<int>(std::lround(outcome.report.airThreshold))) + " HU",
                    SliceOf<unsigned char>(steps.airMask, k)));
    panels.push_back(MakeMaskPanel("air inside, no airway", SliceOf<unsigned char>(steps.insideAirMask, k)));
    panels.push_back(MakeLabelPanel("3D components", SliceOf<unsigned int>(steps.components, k)));
    panels.push_back(MakeLabelPanel("lungs: right, left", labels32));
    panels.push_back(MakeGreyPanel("mask applied", ct, lung, labels));
  }
  RenderSegmentationSteps(panels, path);
}

namespace
{
// `out` (which may be `ct` itself) gets the CT's value inside the mask and `outsideValue` elsewhere.
void
MaskInto(const LungMaskOutcome::HUImageType * ct, const LungMaskOutcome::LabelImageType * labels, short outsideValue,
         LungMaskOutcome::HUImageType * out)
{
  const short *         in = ct->GetBufferPointer();
  const unsigned char * mask = labels->GetBufferPointer();
  short *               result = out->GetBufferPointer();
  const std::size_t     count = ct->GetBufferedRegion().GetNumberOfPixels();
  itkAssertOrThrowMacro(labels->GetBufferedRegion() == ct->GetBufferedRegion(), "the mask is not on the CT's grid");
  for (std::size_t i = 0; i < count; ++i)
  {
    result[i] = mask[i] != 0 ? in[i] : outsideValue;
  }
}
} // namespace

LungMaskOutcome::HUImageType::Pointer
ApplyLungMask(const LungMaskOutcome::HUImageType * ct, const LungMaskOutcome::LabelImageType * labels,
              short outsideValue)
{
  auto masked = LungMaskOutcome::HUImageType::New();
  masked->CopyInformation(ct);
  masked->SetRegions(ct->GetBufferedRegion());
  masked->Allocate();
  MaskInto(ct, labels, outsideValue, masked);
  return masked;
}

void
ApplyLungMaskInPlace(LungMaskOutcome::HUImageType * ct, const LungMaskOutcome::LabelImageType * labels,
                     short outsideValue)
{
  MaskInto(ct, labels, outsideValue, ct);
}

std::string
LungMaskSidecar(const LungMaskOutcome & outcome, const std::string & inputPath, const std::string & gridName,
                std::optional<double> peakMemoryMB)
{
  std::ostringstream text;
  JSONWriter         json(text);
  const auto &       labels = *outcome.labels;
  const auto         size = labels.GetLargestPossibleRegion().GetSize();
  const bool         robust = outcome.method == LungMaskMethod::Robust;
  json.BeginObject();
  json.Field("tool", "chestct segment").Field("version", Version());
  json.Field("input", inputPath).Field("method", LungMaskMethodName(outcome.method)).Field("grid", gridName);
  json.Key("size").Array(std::vector<std::size_t>{ size[0], size[1], size[2] });
  json.Key("spacing_mm")
    .Array(std::vector<double>{ labels.GetSpacing()[0], labels.GetSpacing()[1], labels.GetSpacing()[2] });
  json.Key("labels").BeginObject();
  if (robust)
  {
    json.Field("1", "right lung").Field("2", "left lung");
  }
  else
  {
    json.Field("1", "lung (the seed's recipe does not tell right from left)");
  }
  json.EndObject();
  json.Key("volume_ml").BeginObject();
  if (robust)
  {
    json.Field("right", outcome.rightVolume).Field("left", outcome.leftVolume);
  }
  else
  {
    json.Key("right").Null().Key("left").Null();
  }
  json.Field("total", outcome.totalVolume);
  json.EndObject();
  if (robust)
  {
    const LungSegmentationReport & r = outcome.report;
    json.Key("method_details").BeginObject();
    json.Field("air_threshold_hu", r.airThreshold).Field("trachea_found", r.tracheaFound);
    json.Field("airway_threshold_hu", r.airwayThreshold).Field("airway_volume_ml", r.airwayVolume);
    json.Field("lungs_separated_by_erosion", r.lungsSeparated).Field("separation_depth_mm", r.separationDepth);
    json.EndObject();
    json.Key("notes").Array(r.notes);
  }
  json.Field("seconds", outcome.seconds);
  if (peakMemoryMB)
  {
    json.Field("peak_memory_mb", *peakMemoryMB);
  }
  json.EndObject();
  text << "\n";
  return text.str();
}

} // namespace chestct
