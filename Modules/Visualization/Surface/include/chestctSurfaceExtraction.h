#ifndef chestctSurfaceExtraction_h
#define chestctSurfaceExtraction_h

#include "itkImage.h"

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

#include <cstddef>
#include <string>
#include <vector>

namespace chestct
{

/** What ExtractSurface meshes: CT volumes in HU, and label images (integer labels). \ingroup ChestCTSurface */
using SurfaceImageType = itk::Image<short, 3>;

/** The iso-surface algorithms of a grey-level volume. \ingroup ChestCTSurface */
enum class SurfaceAlgorithm
{
  FlyingEdges,  ///< vtkFlyingEdges3D: multithreaded, the default
  MarchingCubes ///< vtkMarchingCubes: the classic, for comparison with other tools
};

/** "flyingedges" or "marchingcubes"; throws chestct::Error for anything else. \ingroup ChestCTSurface */
SurfaceAlgorithm
SurfaceAlgorithmFromName(const std::string & name);

/** How to make a surface; the defaults are the seed's bone surface (350 HU, every voxel). \ingroup ChestCTSurface */
struct SurfaceOptions
{
  double           threshold{ 350.0 }; ///< iso-value in the image's units (HU)
  unsigned int     step{ 1 };          ///< use every step-th voxel along each axis (skimage's step_size)
  SurfaceAlgorithm algorithm{ SurfaceAlgorithm::FlyingEdges };
  bool             labelMode{ false }; ///< mesh the boundary of voxels equal to `label` (vtkDiscreteFlyingEdges3D)
  long             label{ 1 };
  bool         insideBody{ false }; ///< drop pieces outside the patient's body (the table): see chestctSurfaceBody.h
  double       bodyThreshold{ -300.0 }; ///< HU at and above which a voxel can be body
  unsigned int largest{ 0 };            ///< keep the N largest connected pieces (by triangles); 0 keeps all
  unsigned int smoothIterations{ 0 };   ///< windowed-sinc smoothing iterations; 0 for none
  double       decimate{ 0.0 };         ///< fraction of triangles to remove (quadric decimation), in [0, 1)
  bool         normals{ true };         ///< compute point normals (for shading)
};

/** What ExtractSurface did, for reports and benchmarks. \ingroup ChestCTSurface */
struct SurfaceReport
{
  std::size_t pieces{ 0 };            ///< connected pieces of the iso-surface (counted when `largest` is set)
  std::size_t piecesKept{ 0 };        ///< pieces kept
  std::size_t piecesOutsideBody{ 0 }; ///< pieces dropped as outside the body (with `insideBody`)
  double      contourSeconds{ 0.0 };  ///< the iso-surface alone, with the search for its box (wall clock)
  double      totalSeconds{ 0.0 };    ///< everything, from the bridge to the normals
  std::size_t contourTriangles{ 0 };  ///< triangles straight from the algorithm
};

/** Whether `image`, sampled every `step` voxels, has two planes of voxels along every axis: an iso-surface
 * passes between voxels, so a volume one (sampled) voxel thick has none, and ExtractSurface refuses it.
 * \ingroup ChestCTSurface */
bool
IsThickEnoughForSurface(const itk::ImageBase<3> & image, unsigned int step = 1);

/** The same for a volume of `size` voxels (a grid whose pixels are streamed). \ingroup ChestCTSurface */
bool
IsThickEnoughForSurface(const itk::Size<3> & size, unsigned int step = 1);

/** Throws chestct::Error, in words, when a volume of `size` voxels sampled every `step` voxels is not thick
 * enough for a surface (IsThickEnoughForSurface). \ingroup ChestCTSurface */
void
RequireThickEnoughForSurface(const itk::Size<3> & size, unsigned int step = 1);

/** The iso-surface of `image` as a triangle mesh in the image's physical
 * space: for ChestCT volumes patient coordinates, LPS in mm, the frame of
 * image->TransformIndexToPhysicalPoint(), whatever the image's origin, spacing
 * and direction. The image reaches VTK through itk::ImageToVTKImageBridge
 * (no copy unless `step` > 1), then: contour, pieces inside the body, largest pieces, smoothing,
 * decimation, normals, each only when asked for. Throws chestct::Error when
 * the options are out of range. \ingroup ChestCTSurface */
vtkSmartPointer<vtkPolyData>
ExtractSurface(const SurfaceImageType * image, const SurfaceOptions & options, SurfaceReport * report = nullptr);

/** The connected pieces of a triangle mesh: triangles joined by shared points. \ingroup ChestCTSurface */
struct MeshPieces
{
  std::vector<vtkIdType>   pieceOfPoint; ///< each point's piece (-1 for a point no triangle uses)
  std::vector<std::size_t> triangles;    ///< each piece's triangle count
};
MeshPieces
FindMeshPieces(vtkPolyData * mesh);

/** The triangles of the pieces marked in `keep` (indexed by piece), without unused points. \ingroup ChestCTSurface */
vtkSmartPointer<vtkPolyData>
ExtractMeshPieces(vtkPolyData * mesh, const MeshPieces & pieces, const std::vector<bool> & keep);

/** Keeps the `count` largest connected pieces of a triangle mesh (pieces
 * share no point; largest by triangle count), dropping the points no kept
 * triangle uses. Returns the mesh unchanged when it has no more pieces than
 * that; `piecesFound` receives the number of pieces. \ingroup ChestCTSurface */
vtkSmartPointer<vtkPolyData>
KeepLargestPieces(vtkPolyData * mesh, unsigned int count, std::size_t * piecesFound = nullptr);

/** Removes about `fraction` of the triangles (vtkQuadricDecimation), keeping the shape. \ingroup ChestCTSurface */
vtkSmartPointer<vtkPolyData>
DecimateSurface(vtkPolyData * mesh, double fraction);

/** Point normals for shading: at each point, the mean of the unit normals of its polygons, as
 * vtkPolyDataNormals computes them without splitting or reordering (to float rounding), in one pass. A point
 * of degenerate polygons only gets (0, 0, 0). The result shares the mesh's points and polygons.
 * \ingroup ChestCTSurface */
vtkSmartPointer<vtkPolyData>
ComputeSurfaceNormals(vtkPolyData * mesh);

} // namespace chestct

#endif
