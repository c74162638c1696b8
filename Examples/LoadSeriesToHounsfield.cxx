// Step 1 of the seed tutorial: load a DICOM series and convert it to
// Hounsfield units, in patient space.
//
//   LoadSeriesToHounsfield DICOM_FOLDER [OUTPUT.nrrd]
//   LoadSeriesToHounsfield --phantom SCRATCH_FOLDER   (writes the thorax phantom first)
//
// The seed sorted slices by InstanceNumber, took the slice spacing from two
// positions' z, and applied the first slice's rescale to all. ChestCT orders
// by position along the slice normal, checks the spacing of every gap, and
// rescales each slice with its own slope and intercept; here is all it takes.
#include "chestctDICOMFolderScanner.h"
#include "chestctDICOMSeriesSelection.h"
#include "chestctError.h"
#include "chestctHounsfieldVolumeReader.h"
#include "chestctSliceStackGeometry.h"
#include "chestctThoraxPhantom.h"
#include "chestctWriteImage.h"

#include <iostream>

int
main(int argc, char * argv[])
{
  if (argc < 2 || argc > 3)
  {
    std::cerr << "usage: " << argv[0] << " DICOM_FOLDER [OUTPUT.nrrd] | --phantom SCRATCH_FOLDER\n";
    return 2;
  }
  try
  {
    std::string folder = argv[1];
    if (folder == "--phantom" && argc == 3)
    {
      folder = std::string(argv[2]) + "/dicom";
      chestct::ThoraxPhantomParameters noiseFree;
      noiseFree.noiseSigma = 0.0;
      chestct::ThoraxPhantom(noiseFree).WriteDICOMSeries(folder);
    }

    // 1. Find the series, choose the CT one, check how its slices lie.
    const chestct::DICOMScanResult    scan = chestct::ScanDICOMFolder(folder);
    const chestct::DICOMSeries &      series = chestct::ChooseSeries(scan.series, "", folder);
    const chestct::SliceStackGeometry geometry = chestct::AnalyzeSliceStack(series);
    for (const auto & finding : geometry.findings)
    {
      std::cout << chestct::ToString(finding.severity) << ": " << finding.message << "\n";
    }

    // 2. Stored values to HU (padding to air), as an ITK pipeline.
    chestct::HounsfieldVolumeReader reader(series, geometry);
    const auto                      image = reader.Read();

    std::cout << "\"" << series.seriesDescription << "\": " << image->GetLargestPossibleRegion().GetSize()
              << " voxels of " << image->GetSpacing() << " mm, origin " << image->GetOrigin() << " (LPS)\n";
    // The first voxel lies outside the scan circle: padding, now air.
    std::cout << "first voxel (padding outside the scan circle): " << image->GetPixel({ { 0, 0, 0 } }) << " HU\n";
    if (std::string(argv[1]) == "--phantom")
    {
      // A point in the air beside the body, inside the scan circle (the body is 0.85 of it wide).
      const chestct::ThoraxPhantom phantom;
      itk::Point<double, 3>        air;
      air[0] = 0.92 * phantom.FieldOfViewRadius();
      air[1] = 0.0;
      air[2] = 0.0;
      itk::Index<3> index;
      image->TransformPhysicalPointToIndex(air, index);
      std::cout << "air outside the body: " << image->GetPixel(index) << " HU\n";
    }
    if (argc == 3 && std::string(argv[1]) != "--phantom")
    {
      chestct::WriteImageAtomically(image.GetPointer(), argv[2]);
      std::cout << "wrote " << argv[2] << "\n";
    }
    return 0;
  }
  catch (const chestct::Error & error)
  {
    std::cerr << "error: " << error.what() << "\n";
    return 1;
  }
}
