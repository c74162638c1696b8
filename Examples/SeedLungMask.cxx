// Lung mask on a volume, the seed tutorial's way: SeedLungMaskImageFilter on a 1 mm CT volume in HU.
//
//   SeedLungMask IN OUT [THREADS]
//   SeedLungMask IN --steps SLICE FIGURE.png
//
// IN: a .nrrd/.nii/.nii.gz/.mha CT volume in HU (e.g. from chestct resample); OUT: the uint8 mask (1 =
// lung). Prints the seconds spent reading, masking and writing, and the mask's voxel count. With
// --steps, draws the seed's six-panel figure of axial slice SLICE instead.
#include "chestctError.h"
#include "chestctImageFileFormat.h"
#include "chestctSegmentationSteps.h"
#include "chestctSeedLungMask.h"
#include "chestctWriteImage.h"

#include "itkImageFileReader.h"

#include <chrono>
#include <ctime>
#include <cstdlib>
#include <iostream>

int
main(int argc, char * argv[])
{
  const bool steps = argc == 5 && std::string(argv[2]) == "--steps";
  if (!steps && (argc < 3 || argc > 4))
  {
    std::cerr << "usage: SeedLungMask IN OUT [THREADS]\n       SeedLungMask IN --steps SLICE FIGURE.png\n";
    return 2;
  }
  try
  {
    using Clock = std::chrono::steady_clock;
    const auto seconds = [](Clock::time_point start) {
      return std::chrono::duration<double>(Clock::now() - start).count();
    };
    auto start = Clock::now();
    auto reader = itk::ImageFileReader<chestct::SeedLungMaskInputType>::New();
    reader->SetFileName(argv[1]);
    reader->SetImageIO(chestct::CreateImageIO(chestct::ImageFileFormatFromPath(argv[1])));
    reader->Update();
    std::cout << "read: " << seconds(start) << " s\n";
    if (steps)
    {
      const auto                   slice = chestct::ExtractSlice(reader->GetOutput(), std::atol(argv[3]));
      const auto                   s = chestct::ComputeSeedLungMaskSteps(slice);
      const chestct::DisplayWindow lung{ 1500, -600 };
      chestct::RenderSegmentationSteps({ chestct::MakeGreyPanel("original", slice, lung),
                                         chestct::MakeMaskPanel("threshold", s.threshold),
                                         chestct::MakeMaskPanel("after erosion and dilation", s.morphology),
                                         chestct::MakeLabelPanel("colour labels", s.labels),
                                         chestct::MakeMaskPanel("final mask", s.mask),
                                         chestct::MakeGreyPanel("mask applied", slice, lung, s.mask) },
                                       argv[4]);
      std::cout << "threshold: " << s.thresholdHU << " HU, labels kept: " << s.selectedLabels.size() << "\nwrote "
                << argv[4] << "\n";
      return 0;
    }
    start = Clock::now();
    const unsigned int threads = argc == 4 ? static_cast<unsigned int>(std::atoi(argv[3])) : 0;
    const std::clock_t cpuStart = std::clock();
    const auto         mask = chestct::ComputeSeedLungMask(reader->GetOutput(), 2, threads);
    std::cout << "lung mask: " << seconds(start)
              << " s\nlung mask CPU: " << static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC
              << " s (all threads)\n";
    std::size_t voxels = 0;
    for (std::size_t i = 0; i < mask->GetBufferedRegion().GetNumberOfPixels(); ++i)
    {
      voxels += mask->GetBufferPointer()[i];
    }
    start = Clock::now();
    chestct::WriteImageAtomically(mask.GetPointer(), argv[2]);
    std::cout << "write: " << seconds(start) << " s\nmask voxels: " << voxels << "\n";
  }
  catch (const std::exception & error)
  {
    std::cerr << "SeedLungMask: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
