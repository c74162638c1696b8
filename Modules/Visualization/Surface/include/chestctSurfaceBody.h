#ifndef chestctSurfaceBody_h
#define chestctSurfaceBody_h

#include "chestctSurfaceExtraction.h"

#include <cstddef>

namespace chestct
{

/** A mask of the patient's body: 1 inside, 0 outside. \ingroup ChestCTSurface */
using BodyMaskType = itk::Image<unsigned char, 3>;

/** The patient's body in a CT volume: the largest face-connected region of
 * voxels at or above `threshold` HU (soft tissue and bone; not air, lung or
 * the foam pad the patient lies on), and the limbs apart from it: other regions
 * of at least 10 mL whose mean depth (volume over footprint in x and z) is at
 * least a third of their width and at least half of whose voxels are below
 * 200 HU, as the arms raised for radiotherapy planning. The table under the
 * pad, a couch top or a board (flat), a side rail (dense) and small objects on
 * the skin are regions of their own and so outside. The image's y axis is taken
 * to run front to back (an axial series). \ingroup ChestCTSurface */
BodyMaskType::Pointer
ComputeBodyMask(const SurfaceImageType * image, double threshold = -300.0);

/** Keeps the pieces of `mesh` (in the mask's physical space) most of whose
 * points have their nearest voxel inside the body; drops the rest, such as the
 * table. `dropped` receives the number of pieces dropped. \ingroup ChestCTSurface */
vtkSmartPointer<vtkPolyData>
KeepPiecesInsideBody(vtkPolyData * mesh, const BodyMaskType * body, std::size_t * dropped = nullptr);

} // namespace chestct

#endif
