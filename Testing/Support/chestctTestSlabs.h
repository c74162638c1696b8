#ifndef chestctTestSlabs_h
#define chestctTestSlabs_h

#include "itkImage.h"

#include <algorithm>

namespace chestct::testing
{

/** Slices [first, first + count) of `image` (counted from its first slice) as a new image on the same grid:
 * what a streaming pipeline hands on. */
template <typename TImage>
typename TImage::Pointer
SlabOf(const TImage * image, long first, long count)
{
  auto region = image->GetLargestPossibleRegion();
  region.SetIndex(2, region.GetIndex(2) + first);
  region.SetSize(2, static_cast<itk::SizeValueType>(count));
  auto slab = TImage::New();
  slab->CopyInformation(image);
  slab->SetRegions(region);
  slab->SetLargestPossibleRegion(image->GetLargestPossibleRegion());
  slab->Allocate();
  const std::size_t slice = region.GetSize(0) * region.GetSize(1);
  std::copy(image->GetBufferPointer() + first * slice,
            image->GetBufferPointer() + (first + count) * slice,
            slab->GetBufferPointer());
  return slab;
}

} // namespace chestct::testing

#endif
