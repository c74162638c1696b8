#ifndef chestctImageSlabs_h
#define chestctImageSlabs_h

#include "itkImage.h"

#include <algorithm>
#include <type_traits>

namespace chestct
{

/** Slices `first` to `first + count - 1` (indices of the third axis of `image`'s grid, within its buffered
 * region), copied into an image on the same grid whose buffered region is those slices: a slab as a
 * streaming pipeline hands it on, or the one slice of a volume that a figure needs. The copy is a
 * `TOutputImage` when one is given (CopySlices<itk::Image<unsigned int, 3>>(bytes, k, 1)), its pixels
 * converted as an assignment converts them; else an image of `image`'s own type.
 * \ingroup ChestCTCommon */
template <typename TOutputImage = void, typename TImage>
typename std::conditional_t<std::is_void_v<TOutputImage>, TImage, TOutputImage>::Pointer
CopySlices(const TImage * image, long first, long count)
{
  using OutputImageType = std::conditional_t<std::is_void_v<TOutputImage>, TImage, TOutputImage>;
  const auto & from = image->GetBufferedRegion();
  auto         region = from;
  region.SetIndex(2, first);
  region.SetSize(2, static_cast<itk::SizeValueType>(count));
  if (!from.IsInside(region))
  {
    itkGenericExceptionMacro("CopySlices: slices " << first << " to " << first + count - 1
                                                   << " are not all in the image's buffered region " << from);
  }
  auto slab = OutputImageType::New();
  slab->CopyInformation(image); // the grid: largest possible region, origin, spacing, direction
  slab->SetBufferedRegion(region);
  slab->SetRequestedRegion(region);
  slab->Allocate();
  const std::size_t slice = from.GetSize(0) * from.GetSize(1);
  const auto *      start = image->GetBufferPointer() + static_cast<std::size_t>(first - from.GetIndex(2)) * slice;
  std::copy(start, start + static_cast<std::size_t>(count) * slice, slab->GetBufferPointer());
  return slab;
}

} // namespace chestct

#endif
