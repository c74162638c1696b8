// Writes the thorax phantom as DICOM, reads it back as Hounsfield units, and
// checks the result against the phantom's ground truth, then meshes its bone
// with VTK and writes the interactive page: the installed headers and
// libraries (VTK found through ChestCTConfig.cmake, the viewer embedded),
// used from outside the ChestCT tree.
#include "chestctReadHounsfieldVolume.h"
#include "chestctSurfaceExtraction.h"
#include "chestctSurfaceHTML.h"
#include "chestctThoraxPhantom.h"

#include <cstring>
#include <iostream>

int
main(int argc, char * argv[])
{
  if (argc != 2)
  {
    std::cerr << "usage: consumer SCRATCH_FOLDER\n";
    return 2;
  }
  chestct::ThoraxPhantomParameters parameters;
  parameters.columns = parameters.rows = 64;
  parameters.pixelSpacing = 6.0;
  parameters.slices = 10;
  const chestct::ThoraxPhantom phantom(parameters);
  phantom.WriteDICOMSeries(std::string(argv[1]) + "/dicom");

  const chestct::HounsfieldVolume volume = chestct::ReadHounsfieldVolume(std::string(argv[1]) + "/dicom");
  const auto                      expected = phantom.ExpectedHounsfieldImage();
  const std::size_t               voxels = expected->GetBufferedRegion().GetNumberOfPixels();
  const bool                      same =
    volume.image->GetBufferedRegion().GetNumberOfPixels() == voxels &&
    std::memcmp(volume.image->GetBufferPointer(), expected->GetBufferPointer(), voxels * sizeof(short)) == 0;
  std::cout << "read " << volume.image->GetLargestPossibleRegion().GetSize() << " voxels of \"" << volume.description
            << "\": " << (same ? "identical to" : "DIFFERENT from") << " the ground truth\n";
  const auto                     bone = chestct::ExtractSurface(volume.image, chestct::SurfaceOptions{});
  const chestct::SurfaceMeasures page = chestct::WriteSurfaceHTML(bone, std::string(argv[1]) + "/bone.html");
  std::cout << "bone surface: " << page.triangles << " triangles, written as an HTML page\n";
  return same && page.triangles > 100 ? 0 : 1;
}
