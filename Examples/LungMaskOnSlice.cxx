// Step 5 of the seed tutorial: the lung mask of one slice, by the seed's own recipe, as ITK filters.
//
//   LungMaskOnSlice VOLUME.nrrd SLICE OUTPUT.png
//   LungMaskOnSlice --phantom SLICE OUTPUT.png
//
// itk::SeedLungMaskSliceImageFilter chains the seed's steps: a k-means threshold on the standardised
// slice, erosion 3x3, dilation 8x8, connected components, the bounding-box rule, dilation 10x10. Each
// step's output can be read off the filter; here they make the seed's six-panel figure.
#include "ExampleInput.h"
#include "chestctError.h"
#include "chestctSeedLungMask.h"
#include "chestctSegmentationSteps.h"

#include "itkImageRegionConstIterator.h"

#include <iostream>

int
main(int argc, char * argv[])
{
  if (argc != 4)
  {
    std::cerr << "usage: " << argv[0] << " VOLUME.nrrd|--phantom SLICE OUTPUT.png\n";
    return 2;
  }
  try
  {
    using ImageType = itk::Image<short, 3>;
    const ImageType::Pointer volume = ReadVolumeOrPhantom(argv[1]);
    const long               slices = static_cast<long>(volume->GetLargestPossibleRegion().GetSize(2));
    const long               index = std::stol(argv[2]);
    if (index < 0 || index >= slices)
    {
      std::cerr << "error: slice " << index << " is outside the volume (0 to " << slices - 1 << ")\n";
      return 1;
    }

    const auto                       slice = chestct::ExtractSlice(volume, index);
    const chestct::SeedLungMaskSteps steps = chestct::ComputeSeedLungMaskSteps(slice);
    if (!steps.valid)
    {
      std::cout << "slice " << index << " is constant: its mask is empty\n";
      return 0;
    }
    const chestct::DisplayWindow lung = chestct::DisplayWindowFromName("lung");
    chestct::RenderSegmentationSteps({ chestct::MakeGreyPanel("original", slice, lung),
                                       chestct::MakeMaskPanel("threshold", steps.threshold),
                                       chestct::MakeMaskPanel("erosion and dilation", steps.morphology),
                                       chestct::MakeLabelPanel("colour labels", steps.labels),
                                       chestct::MakeMaskPanel("final mask", steps.mask),
                                       chestct::MakeGreyPanel("mask applied", slice, lung, steps.mask) },
                                     argv[3]);
    std::size_t lungPixels = 0;
    for (itk::ImageRegionConstIterator<chestct::SeedLungMaskSliceMaskType> it(steps.mask,
                                                                              steps.mask->GetBufferedRegion());
         !it.IsAtEnd();
         ++it)
    {
      lungPixels += it.Get() != 0 ? 1 : 0;
    }
    std::cout << "k-means threshold " << steps.thresholdHU << " HU; " << steps.selectedLabels.size()
              << " regions kept by the bounding-box rule; " << lungPixels << " lung pixels\n";
    std::cout << "wrote " << argv[3] << "\n";
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
