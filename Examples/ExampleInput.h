#ifndef ExampleInput_h
#define ExampleInput_h

// What every example reads: a CT volume file in HU, or, given "--phantom", the thorax phantom made in
// memory (128 x 128 x 48 at 3 x 3 x 5 mm), so that the tests run each example without any data.
#include "chestctImageFileFormat.h"
#include "chestctThoraxPhantom.h"

#include "itkImageFileReader.h"

#include <string>

inline itk::Image<short, 3>::Pointer
ReadVolumeOrPhantom(const std::string & argument)
{
  if (argument == "--phantom")
  {
    return chestct::ThoraxPhantom().ExpectedHounsfieldImage();
  }
  auto reader = itk::ImageFileReader<itk::Image<short, 3>>::New();
  reader->SetFileName(argument);
  reader->SetImageIO(chestct::CreateImageIO(chestct::ImageFileFormatFromPath(argument)));
  reader->Update();
  return reader->GetOutput();
}

#endif
