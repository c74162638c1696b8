// Step 4 of the seed tutorial: the bone surface at 350 HU, with VTK's flying edges, and its still picture.
//
//   BoneSurface VOLUME.nrrd OUTPUT.ply [THRESHOLD_HU]
//   BoneSurface --phantom OUTPUT.ply
//
// The picture is written beside the mesh (OUTPUT.png), seen from the front, as the seed's static render.
// The seed ran skimage's marching cubes on the voxel array, so its mesh was in voxel units. The mesh
// here is in patient space (LPS, mm): it overlays the CT in any viewer, and the table is left out.
#include "ExampleInput.h"
#include "chestctError.h"
#include "chestctSurfaceExtraction.h"
#include "chestctSurfaceFile.h"
#include "chestctSurfaceMeasures.h"
#include "chestctSurfaceRender.h"

#include <filesystem>
#include <iostream>

int
main(int argc, char * argv[])
{
  if (argc < 3 || argc > 4)
  {
    std::cerr << "usage: " << argv[0] << " VOLUME.nrrd|--phantom OUTPUT.ply [THRESHOLD_HU]\n";
    return 2;
  }
  try
  {
    using ImageType = itk::Image<short, 3>;
    const ImageType::Pointer image = ReadVolumeOrPhantom(argv[1]);

    chestct::SurfaceOptions options; // flying edges, every voxel
    options.threshold = argc == 4 ? std::stod(argv[3]) : 350.0;
    options.insideBody = true; // pieces outside the patient's body (the table) are not bone
    chestct::SurfaceReport report;
    const auto             mesh = chestct::ExtractSurface(image, options, &report);
    const auto             measures = chestct::MeasureSurface(mesh);
    chestct::WriteSurface(mesh, argv[2]);
    const std::string picture = std::filesystem::path(argv[2]).replace_extension(".png").string();
    chestct::RenderSurfacePNG(mesh, picture); // drawn in software: no display needed

    std::cout << measures.triangles << " triangles, " << measures.vertices << " points, area " << measures.area / 100.0
              << " cm^2; " << report.piecesOutsideBody << " pieces outside the body dropped\n";
    std::cout << "centre (LPS mm): " << measures.centroid[0] << " " << measures.centroid[1] << " "
              << measures.centroid[2] << "\n";
    std::cout << "wrote " << argv[2] << " and " << picture << "\n";
    return 0;
  }
  catch (const chestct::Error & error)
  {
    std::cerr << "error: " << error.what() << "\n";
    return 1;
  }
  catch (const itk::ExceptionObject & error)
  {
    std::cerr << "error: " << error.GetDescription() << "\n";
    return 1;
  }
}
