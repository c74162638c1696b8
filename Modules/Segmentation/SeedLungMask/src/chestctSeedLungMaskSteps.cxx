#include "chestctSeedLungMask.h"

#include "itkExtractImageFilter.h"
#include "itkSeedLungMaskSliceImageFilter.h"

namespace chestct
{

SeedLungMaskSteps
ComputeSeedLungMaskSteps(const SeedLungMaskSliceType * slice)
{
  auto filter = itk::SeedLungMaskSliceImageFilter<SeedLungMaskSliceType, SeedLungMaskSliceMaskType>::New();
  filter->SetInput(slice);
  filter->Update();
  // Each internal filter's output stays alive through the smart pointers taken here.
  SeedLungMaskSteps steps;
  steps.threshold = filter->GetThresholdFilter()->GetOutput();
  steps.morphology = const_cast<SeedLungMaskSliceMaskType *>(filter->GetMorphologyOutput());
  steps.labels = const_cast<SeedLungMaskSliceLabelType *>(filter->GetLabelOutput());
  steps.selected = filter->GetSelectionFilter()->GetOutput();
  steps.mask = filter->GetOutput();
  steps.selectedLabels = filter->GetSelectionFilter()->GetSelectedLabels();
  steps.valid = filter->GetThresholdFilter()->GetValid();
  steps.thresholdHU = filter->GetThresholdFilter()->GetInputThreshold();
  return steps;
}

SeedLungMaskSliceType::Pointer
ExtractSlice(const SeedLungMaskInputType * volume, long index, unsigned int sliceDimension)
{
  auto region = volume->GetLargestPossibleRegion();
  region.SetIndex(sliceDimension, index);
  region.SetSize(sliceDimension, 0);
  auto extract = itk::ExtractImageFilter<SeedLungMaskInputType, SeedLungMaskSliceType>::New();
  extract->SetInput(volume);
  extract->SetExtractionRegion(region);
  extract->SetDirectionCollapseToIdentity(); // the figure needs pixels, not orientation; never fails
  extract->Update();
  SeedLungMaskSliceType::Pointer slice = extract->GetOutput();
  slice->DisconnectPipeline();
  return slice;
}

} // namespace chestct
