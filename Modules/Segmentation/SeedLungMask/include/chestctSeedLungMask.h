#ifndef chestctSeedLungMask_h
#define chestctSeedLungMask_h

#include "itkImage.h"

#include <vector>

namespace chestct
{

/** \name The seed tutorial's lung mask, compiled once for CT volumes in HU (short) and uint8 masks.
 * \ingroup ChestCTSeedLungMask */
///@{
using SeedLungMaskInputType = itk::Image<short, 3>;
using SeedLungMaskType = itk::Image<unsigned char, 3>;
using SeedLungMaskSliceType = itk::Image<short, 2>;
using SeedLungMaskSliceMaskType = itk::Image<unsigned char, 2>;
using SeedLungMaskSliceLabelType = itk::Image<unsigned int, 2>;

/** itk::SeedLungMaskImageFilter on a whole volume (1 = lung, 0 elsewhere), slices across axis
 * `sliceDimension`, on `threads` threads (0: ITK's default). */
SeedLungMaskType::Pointer
ComputeSeedLungMask(const SeedLungMaskInputType * volume, unsigned int sliceDimension = 2, unsigned int threads = 0);

/** The intermediate images of one slice, for the seed's six-panel figure. */
struct SeedLungMaskSteps
{
  SeedLungMaskSliceMaskType::Pointer  threshold;  ///< 1 below the k-means threshold
  SeedLungMaskSliceMaskType::Pointer  morphology; ///< after erosion (3 x 3) and dilation (8 x 8)
  SeedLungMaskSliceLabelType::Pointer labels;     ///< connected components of `morphology` (1..n)
  SeedLungMaskSliceLabelType::Pointer selected;   ///< the labels kept by the bounding-box rule, others 0
  SeedLungMaskSliceMaskType::Pointer  mask;       ///< the final mask (selected, dilated 10 x 10)
  std::vector<unsigned int>           selectedLabels;
  bool                                valid{ false };   ///< false for a constant slice (empty mask)
  double                              thresholdHU{ 0 }; ///< the k-means threshold in the slice's units
};

/** Runs itk::SeedLungMaskSliceImageFilter on `slice` and keeps every step. */
SeedLungMaskSteps
ComputeSeedLungMaskSteps(const SeedLungMaskSliceType * slice);

/** Slice `index` across axis `sliceDimension` of `volume`, as a 2-D image (the two other axes in order). */
SeedLungMaskSliceType::Pointer
ExtractSlice(const SeedLungMaskInputType * volume, long index, unsigned int sliceDimension = 2);
///@}

} // namespace chestct

#endif
