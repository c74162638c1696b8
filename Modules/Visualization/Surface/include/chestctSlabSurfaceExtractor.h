#ifndef chestctSlabSurfaceExtractor_h
#define chestctSlabSurfaceExtractor_h

#include "chestctSurfaceExtraction.h"

#include <vtkFloatArray.h>
#include <vtkTypeInt32Array.h>

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace chestct
{

/** \class SlabSurfaceExtractor
 * \brief The iso-surface of a volume that arrives slab by slab, made without ever holding the volume.
 *
 * A slab is a run of whole slices (along the third index), and slabs come in order, as a streaming
 * pipeline makes them. Each slab is contoured by flying edges together with the last (sampled) plane of the
 * slab before it, so that the cells between two slabs are contoured too; the points the two share on that
 * plane are merged. The result has the triangles and points that ExtractSurface's flying edges gives for the
 * whole volume (sampled every `step` voxels, as SurfaceOptions::step), in the same physical space, while
 * the memory held is one slab, its contouring, and the mesh.
 *
 * Points on a shared plane are matched by the grid edge they lie on (or the grid point, when a voxel holds
 * the threshold exactly), found from their coordinates in voxel units.
 *
 * \ingroup ChestCTSurface
 */
class SlabSurfaceExtractor
{
public:
  /** For a volume on `grid` (its largest possible region and geometry), meshed at `threshold`, every
   * `step`-th voxel. */
  SlabSurfaceExtractor(const itk::ImageBase<3> & grid, double threshold, unsigned int step = 1);

  /** Contours the next slab: an image on the grid whose buffered region is whole slices, beginning where
   * the previous slab ended. The slab is not kept. */
  void
  AddSlab(const SurfaceImageType * slab);

  /** The mesh, in the grid's physical space, once every slice has been given; no normals. Throws
   * chestct::Error when the volume is too thin for a surface (RequireThickEnoughForSurface). */
  vtkSmartPointer<vtkPolyData>
  GetSurface();

private:
  using PlaneKey = std::uint64_t;

  /** A plane of voxels, sampled, read in place: voxel (x, y) of the sampled grid is first[y * yStride +
   * x * xStride]. */
  struct PlaneView
  {
    long          z; ///< its slice in the whole grid
    const short * first;
    long          xStride;
    long          yStride;
    short
    At(long x, long y) const
    {
      return first[y * yStride + x * xStride];
    }
  };

  /** Contours `planes` (two or more, in order) and adds the triangles to the mesh. */
  void
  Contour(const std::vector<PlaneView> & planes);

  itk::ImageBase<3>::ConstPointer m_Grid;
  double                          m_Threshold;
  unsigned int                    m_Step;
  long                            m_SampledX{ 0 };
  long                            m_SampledY{ 0 };
  long                            m_NextSlice{ 0 };
  std::vector<short>              m_LastPlane; ///< the last sampled plane given, for the next slab (empty: none yet)
  long                            m_LastPlaneZ{ 0 };         ///< its slice (when m_LastPlane holds one)
  std::unordered_map<PlaneKey, vtkIdType> m_LastPlanePoints; ///< the mesh's points on that plane
  vtkSmartPointer<vtkFloatArray>          m_Points;          ///< in voxel units until GetSurface()
  vtkSmartPointer<vtkTypeInt32Array>      m_Connectivity;    ///< three point ids a triangle (32-bit: half the memory)
};

} // namespace chestct

#endif
