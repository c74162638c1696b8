#ifndef chestctVolumeMask_h
#define chestctVolumeMask_h

// Internal to ChestCTLungSegmentation: the small whole-volume operations on
// binary masks and label images that its steps share. Masks are
// itk::Image<unsigned char, 3> holding 0 and 1; "slices" are along the third
// index axis (the acquisition axis of an axial series). Unless a function says
// otherwise, images are whole: their buffered region starts at index 0.

#include "chestctFaceConnectedRegions.h"

#include "itkImage.h"

#include <array>
#include <cstddef>
#include <vector>

namespace chestct
{
namespace lung
{
using HUImage = itk::Image<short, 3>;
using MaskImage = itk::Image<unsigned char, 3>;

/** The size of an image's buffer and the offsets into it, for loops over raw buffers. */
struct Extent
{
  long        nx, ny, nz;
  std::size_t slice; ///< pixels in one slice
  explicit Extent(const itk::ImageBase<3> * image)
  {
    const auto size = image->GetBufferedRegion().GetSize();
    nx = static_cast<long>(size[0]);
    ny = static_cast<long>(size[1]);
    nz = static_cast<long>(size[2]);
    slice = static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny);
  }
  std::size_t
  Count() const
  {
    return slice * static_cast<std::size_t>(nz);
  }
  std::size_t
  Offset(long x, long y, long z) const
  {
    return static_cast<std::size_t>(z) * slice + static_cast<std::size_t>(y) * static_cast<std::size_t>(nx) +
           static_cast<std::size_t>(x);
  }
};

/** A new mask on `reference`'s grid, filled with `value`. */
MaskImage::Pointer
NewMask(const itk::ImageBase<3> * reference, unsigned char value = 0);

/** The face-connected regions of a mask's non-zero voxels (a diagonal contact does not join two regions),
 * numbered 1, 2, ... from the largest. */
FaceConnectedRegions
RegionsOf(const MaskImage * mask);

/** The largest of those regions (region 1 of RegionsOf) as a mask, all 0 when there is none. */
MaskImage::Pointer
LargestComponent(const MaskImage * mask);

/** Per-component facts gathered in one pass over a component image. */
struct ComponentStatistics
{
  std::size_t           voxels = 0;
  std::array<double, 3> indexSum{ { 0, 0, 0 } }; ///< for the centroid
  std::array<long, 3>   lower{ { 0, 0, 0 } };
  std::array<long, 3>   upper{ { -1, -1, -1 } };
  std::size_t           insideHull = 0;         ///< voxels inside their slice's body hull
  bool                  touchesOutside = false; ///< an in-plane neighbour is the image edge or padding
  std::array<double, 3>
  CentroidIndex() const;
};

/** For each row of each slice, the closed interval of columns inside the convex hull of the body's
 * pixels in that slice (empty when lower > upper). */
class SliceHulls
{
public:
  /** The hulls of `body`'s non-zero pixels, each scaled by `scale` about its centroid (1: as they are). */
  explicit SliceHulls(const MaskImage * body, double scale = 1.0);
  /** How many of the columns first..last of a row are inside its hull. */
  std::size_t
  ColumnsInside(long first, long last, long row, long slice) const;

private:
  std::array<long, 3> m_Size;
  std::vector<long>   m_Lower; // indexed slice * rows + row
  std::vector<long>   m_Upper;
};

/** Statistics of regions 1..count of a mask (RegionsOf's), in the mask's own indices, read from the regions'
 * runs; entry 0 is unused. `grid` is the mask they were found in; `outside` is a 2D mask (columns x rows,
 * stored row by row) of the pixels outside the scanner's field of view, and may be empty. */
std::vector<ComponentStatistics>
ComputeComponentStatistics(const FaceConnectedRegions & regions, const itk::ImageBase<3> * grid, std::size_t count,
                           const SliceHulls * hulls, const std::vector<unsigned char> & outside);

/** Fills the holes of one slice of a label image (0 background, stored row by row): pixels of 0 that no
 * 4-connected path of 0 links to the slice's edge take the label of a neighbour. Works within the labels'
 * bounding box, the only place holes can be. */
void
FillLabelHolesInSlice(unsigned char * slice, long nx, long ny);

/** FillLabelHolesInSlice on every slice (along the third index axis) of a mask or label image. */
void
FillHolesInEachSlice(MaskImage * mask);

/** Morphological closing with a Euclidean ball of `radius` mm, computed with two distance maps on the
 * mask's bounding box (padded by the radius), so its cost does not grow with the radius. */
MaskImage::Pointer
BallClosing(const MaskImage * mask, double radius);

/** For each voxel outside `mask`, along how many of five axes the mask encloses it: the image's x and y, the two
 * diagonals of a slice, and z; an axis encloses a voxel when the mask lies within `reach` mm of it both ways
 * along the axis (reach is measured between voxel centres, in whole steps). Voxels of the mask are 0. A bay of
 * tissue in a lung's outline (a nodule against the pleura) is enclosed along the pleura's directions, the
 * tissue outside a convex outline along none. */
MaskImage::Pointer
CountEnclosingAxes(const MaskImage * mask, double reach);

/** Grows, one voxel at a time (6-connected), the voxels of `seeds` that are non-zero into `allowed`; every
 * voxel of `allowed` reachable from a seed gets the value of the seed that reaches it first. */
void
GrowLabelsGeodesically(MaskImage * labels, const MaskImage * allowed);

/** Dilates (or erodes) a mask by one voxel with the 6-neighbourhood. */
MaskImage::Pointer
DilateByOneVoxel(const MaskImage * mask);
MaskImage::Pointer
ErodeByOneVoxel(const MaskImage * mask);

} // namespace lung
} // namespace chestct

#endif
