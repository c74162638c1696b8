#ifndef chestctSurfaceFile_h
#define chestctSurfaceFile_h

#include <vtkPolyData.h>

#include <string>

namespace chestct
{

/** Whether `path` ends in an extension WriteSurface knows (.stl, .ply, .obj, .vtp). \ingroup ChestCTSurface */
bool
IsSurfaceFileName(const std::string & path);

/** The extensions WriteSurface knows, for help texts and error messages. \ingroup ChestCTSurface */
const char *
SupportedSurfaceExtensions();

/** Writes a mesh, its format chosen by the extension: binary STL, binary PLY,
 * Wavefront OBJ (with normals) or VTK XML PolyData (compressed). Coordinates
 * are written as they are (LPS mm for ChestCT meshes); STL, PLY and OBJ carry
 * no frame, so a reader must be told. Atomic: written under a temporary name
 * in the same folder and renamed when complete. Throws chestct::Error. \ingroup ChestCTSurface */
void
WriteSurface(vtkPolyData * mesh, const std::string & path);

} // namespace chestct

#endif
