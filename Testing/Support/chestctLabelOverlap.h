#ifndef chestctLabelOverlap_h
#define chestctLabelOverlap_h

#include "itkImage.h"
#include "itkImageRegionConstIterator.h"

#include <cstddef>

namespace chestct::testing
{
/** Dice overlap of one label in two label images on the same grid (1 when both lack it): the cheap check
 * the tests need; chestct::CompareLabel (ChestCTMaskEvaluation) adds the surface distances. */
inline double
DiceOfLabel(const itk::Image<unsigned char, 3> * reference, const itk::Image<unsigned char, 3> * test,
            unsigned char label)
{
  std::size_t                                                 both = 0, inReference = 0, inTest = 0;
  itk::ImageRegionConstIterator<itk::Image<unsigned char, 3>> r(reference, reference->GetBufferedRegion());
  itk::ImageRegionConstIterator<itk::Image<unsigned char, 3>> t(test, test->GetBufferedRegion());
  for (; !r.IsAtEnd(); ++r, ++t)
  {
    const bool a = r.Get() == label;
    const bool b = t.Get() == label;
    both += a && b ? 1 : 0;
    inReference += a ? 1 : 0;
    inTest += b ? 1 : 0;
  }
  return inReference + inTest == 0 ? 1.0 : 2.0 * static_cast<double>(both) / static_cast<double>(inReference + inTest);
}
} // namespace chestct::testing

#endif
