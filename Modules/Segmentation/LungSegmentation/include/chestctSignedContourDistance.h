#ifndef chestctSignedContourDistance_h
#define chestctSignedContourDistance_h

#include "itkImage.h"

#include <limits>

namespace chestct
{

/** \brief The signed distance in mm from each voxel's centre to the nearest voxel of a mask's contour,
 * negative inside the mask.
 *
 * The contour is the mask's voxels (non-zero) that have a background voxel (zero) among their 26
 * neighbours; the image's edge is not background. This is what itk::SignedMaurerDistanceMapImageFilter
 * gives with InsideIsPositive off, UseImageSpacing on, SquaredDistance off and background 0, and it is used
 * in its place: outside the mask the value is the distance to the mask itself, inside it the depth below
 * the contour, so thresholds on it dilate and erode by a Euclidean ball.
 *
 * Computed as the squared distance one axis after another, with the lower envelope of parabolas of
 * Felzenszwalb and Huttenlocher: in double along each line, kept in the output's float between axes (as
 * Maurer's filter keeps it), the lines of each axis shared among ITK's threads. It needs no memory beyond
 * its output and a line per thread. An image without contour (empty, or all mask) is infinitely far
 * from it: +inf outside, -inf inside.
 *
 * With a finite `reach` (mm) the distances are exact up to `reach`, and beyond it only known to be beyond
 * it, with their sign (they may be infinite): enough for any threshold within `reach`, as a dilation or
 * erosion by a ball of that radius needs. The second and third axes then take the lowest value over the
 * rows within `reach` instead of the envelope, which is faster for a small reach, and need a second
 * float image for a while.
 *
 * \ingroup ChestCTLungSegmentation */
itk::Image<float, 3>::Pointer
ComputeSignedContourDistance(const itk::Image<unsigned char, 3> * mask,
                             double                               reach = std::numeric_limits<double>::infinity());

} // namespace chestct

#endif
