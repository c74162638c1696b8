// Step 6 of the seed tutorial, done right: both lungs of a whole volume, in 3D.
//
//   SegmentLungs VOLUME.nrrd OUTPUT.nrrd
//   SegmentLungs --phantom OUTPUT.nrrd
//
// The seed's per-slice recipe over-segments (its final dilation, its slice-wise rule). The robust method
// works in 3D: it learns the air threshold, removes the air outside the body and the airway grown from
// the trachea, parts the lungs where they touch, and fills and closes each one. It labels the patient's
// right lung 1 and left lung 2, as lungmask does.
#include "ExampleInput.h"
#include "chestctError.h"
#include "chestctWriteImage.h"
#include "itkLungSegmentationImageFilter.h"


#include <iostream>

int
main(int argc, char * argv[])
{
  if (argc != 3)
  {
    std::cerr << "usage: " << argv[0] << " VOLUME.nrrd|--phantom OUTPUT.nrrd\n";
    return 2;
  }
  try
  {
    using ImageType = itk::Image<short, 3>;
    using LabelImageType = itk::Image<unsigned char, 3>;
    const ImageType::Pointer image = ReadVolumeOrPhantom(argv[1]);

    auto lungs = itk::LungSegmentationImageFilter<ImageType, LabelImageType>::New();
    lungs->SetInput(image);
    chestct::WriteImageAtomically(lungs->GetOutput(), argv[2]);

    const chestct::LungSegmentationReport & report = lungs->GetReport();
    std::cout << "air threshold " << report.airThreshold << " HU; trachea "
              << (report.tracheaFound ? "found" : "not found") << ", " << report.airwayVolume
              << " mL of airway removed\n";
    std::cout << "right lung " << report.rightLungVolume << " mL, left lung " << report.leftLungVolume << " mL\n";
    for (const std::string & note : report.notes)
    {
      std::cout << "note: " << note << "\n";
    }
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
