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
 * the foam pad the patient lies on). The table under the pad, and objects
 * apart from the patient, are regions of their own and so outside. \ingroup ChestCTSurface */
BodyMaskType::Pointer
ComputeBodyMask(const SurfaceImageType * image, double threshold = -300.0);

/** Keeps the pieces of `mesh` (in the mask's physical space) most of whose
 * points have their nearest voxel inside the body; drops the rest, such as the
 * table. `dropped` receives the number of pieces dropped. \ingroup ChestCTSurface */
vtkSmartPointer<vtkPolyData>
KeepPiecesInsideBody(vtkPolyData * mesh, const BodyMaskType * body, std::size_t * dropped = nullptr);

} // namespace chestct

#endif
