#ifndef chestctSurfaceMeasures_h
#define chestctSurfaceMeasures_h

#include <vtkPolyData.h>

#include <array>
#include <cstddef>

namespace chestct
{

/** Counts and sizes of a triangle mesh, in the mesh's units (mm for ChestCT meshes). \ingroup ChestCTSurface */
struct SurfaceMeasures
{
  std::size_t           vertices{ 0 };
  std::size_t           triangles{ 0 };
  double                area{ 0.0 };                                ///< sum of the triangles' areas
  std::array<double, 3> centroid{ { 0.0, 0.0, 0.0 } };              ///< area-weighted centre of the surface
  std::array<double, 6> bounds{ { 0.0, 0.0, 0.0, 0.0, 0.0, 0.0 } }; ///< xmin, xmax, ymin, ymax, zmin, zmax
};

/** Measures the triangles of `mesh` (other cells are ignored). \ingroup ChestCTSurface */
SurfaceMeasures
MeasureSurface(vtkPolyData * mesh);

} // namespace chestct

#endif
