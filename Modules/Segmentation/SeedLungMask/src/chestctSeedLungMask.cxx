#include "chestctSeedLungMask.h"

#include "itkSeedLungMaskImageFilter.h"

namespace chestct
{

SeedLungMaskType::Pointer
ComputeSeedLungMask(const SeedLungMaskInputType * volume, unsigned int sliceDimension, unsigned int threads)
{
  auto filter = itk::SeedLungMaskImageFilter<SeedLungMaskInputType, SeedLungMaskType>::New();
  filter->SetInput(volume);
  filter->SetSliceDimension(sliceDimension);
  if (threads > 0)
  {
    filter->SetNumberOfWorkUnits(threads);
  }
  filter->Update();
  SeedLungMaskType::Pointer mask = filter->GetOutput();
  mask->DisconnectPipeline();
  return mask;
}

} // namespace chestct
