// Step 3 of the seed tutorial: resample to isotropic 1 mm voxels, in patient space.
//
//   ResampleToIsotropic VOLUME.nrrd OUTPUT.nrrd [SPACING_MM]
//   ResampleToIsotropic --phantom OUTPUT.nrrd
//
// The seed zoomed the voxel array with scipy and lost track of where the voxels are. ITK's
// ResampleImageFilter samples the same patient-space extent on a new grid: the origin, spacing and
// direction of the result say exactly where every voxel is.
#include "ExampleInput.h"
#include "chestctError.h"
#include "chestctResampleGrid.h"
#include "chestctResampleImage.h"
#include "chestctWriteImage.h"


#include <iostream>

int
main(int argc, char * argv[])
{
  if (argc < 3 || argc > 4)
  {
    std::cerr << "usage: " << argv[0] << " VOLUME.nrrd|--phantom OUTPUT.nrrd [SPACING_MM]\n";
    return 2;
  }
  try
  {
    using ImageType = itk::Image<short, 3>;
    const ImageType::Pointer image = ReadVolumeOrPhantom(argv[1]);
    const double             spacing = argc == 4 ? std::stod(argv[3]) : 1.0;

    // The new grid covers the old voxels' extent; its size per axis is round(size x spacing / new spacing).
    const chestct::ResampleGrid grid = chestct::ComputeResampleGrid(*image, { spacing, spacing, spacing });
    auto resample = chestct::CreateResampleFilter<ImageType>(image, grid, chestct::InterpolatorKind::Linear, -1024);
    chestct::WriteImageAtomically(resample->GetOutput(), argv[2], 8); // streams in 8 pieces

    std::cout << image->GetLargestPossibleRegion().GetSize() << " voxels of " << image->GetSpacing() << " mm -> "
              << grid.size << " voxels of " << grid.spacing << " mm\n";
    std::cout << "wrote " << argv[2] << "\n";
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
