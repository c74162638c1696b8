// Lung mask on a volume, the seed tutorial's way: SeedLungMaskImageFilter on a 1 mm CT volume in HU.
//
//   SeedLungMask IN OUT [THREADS]
//   SeedLungMask IN --steps SLICE FIGURE.png
//   SeedLungMask --phantom OUT_DIR
//
// IN: a .nrrd/.nii/.nii.gz/.mha CT volume in HU (e.g. from chestct resample); OUT: the uint8 mask (1 =
// lung). Prints the seconds spent reading, masking and writing, and the mask's voxel count. With
// --steps, draws the seed's six-panel figure of axial slice SLICE instead. With --phantom, masks the
// thorax phantom at 1 mm, compares the mask with its true lungs and draws its middle slice's figure.
#include "chestctError.h"
#include "chestctImageFileFormat.h"
#include "chestctMaskEvaluation.h"
#include "chestctSegmentationSteps.h"
#include "chestctThoraxPhantom.h"
#include "chestctSeedLungMask.h"
#include "chestctWriteImage.h"

#include "itkCastImageFilter.h"
#include "itkImageFileReader.h"

#include <chrono>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace
{
chestct::EvaluationLabelImageType::Pointer
AsLabels(const itk::Image<unsigned char, 3> * image)
{
  auto cast = itk::CastImageFilter<itk::Image<unsigned char, 3>, chestct::EvaluationLabelImageType>::New();
  cast->SetInput(image);
  cast->Update();
  return cast->GetOutput();
}

void
DrawSteps(const chestct::SeedLungMaskInputType * volume, long k, const std::string & path)
{
  const auto                   slice = chestct::ExtractSlice(volume, k);
  const auto                   s = chestct::ComputeSeedLungMaskSteps(slice);
  const chestct::DisplayWindow lung{ 1500, -600 };
  chestct::RenderSegmentationSteps({ chestct::MakeGreyPanel("original", slice, lung),
                                     chestct::MakeMaskPanel("threshold", s.threshold),
                                     chestct::MakeMaskPanel("after erosion and dilation", s.morphology),
                                     chestct::MakeLabelPanel("colour labels", s.labels),
                                     chestct::MakeMaskPanel("final mask", s.mask),
                                     chestct::MakeGreyPanel("mask applied", slice, lung, s.mask) },
                                   path);
  std::cout << "slice " << k << ": threshold " << s.thresholdHU << " HU, labels kept: " << s.selectedLabels.size()
            << "\nwrote " << path << "\n";
}

int
RunOnPhantom(const std::string & folder)
{
  chestct::ThoraxPhantomParameters parameters;
  parameters.columns = parameters.rows = 384;
  parameters.pixelSpacing = 1.0;
  parameters.slices = 24;
  parameters.sliceSpacing = 10.0;
  const chestct::ThoraxPhantom phantom(parameters);
  const auto                   volume = phantom.ExpectedHounsfieldImage();
  const auto                   mask = chestct::ComputeSeedLungMask(volume);
  const auto                   evaluation = chestct::EvaluateMasks(AsLabels(phantom.LungLabelImage()), AsLabels(mask));
  std::cout << "Dice against the phantom's lungs: " << evaluation.all.dice << "\n";
  std::filesystem::create_directories(folder);
  chestct::WriteImageAtomically(mask.GetPointer(), folder + "/phantom-lungmask.nrrd");
  DrawSteps(volume, static_cast<long>(parameters.slices / 2), folder + "/phantom-steps.png");
  return evaluation.all.dice > 0.5 ? 0 : 1;
}
} // namespace

int
main(int argc, char * argv[])
{
  if (argc == 3 && std::string(argv[1]) == "--phantom")
  {
    try
    {
      return RunOnPhantom(argv[2]);
    }
    catch (const std::exception & error)
    {
      std::cerr << "SeedLungMask: " << error.what() << "\n";
      return 1;
    }
  }
  const bool steps = argc == 5 && std::string(argv[2]) == "--steps";
  if (!steps && (argc < 3 || argc > 4))
  {
    std::cerr << "usage: SeedLungMask IN OUT [THREADS]\n       SeedLungMask IN --steps SLICE FIGURE.png\n       "
                 "SeedLungMask --phantom OUT_DIR\n";
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
      DrawSteps(reader->GetOutput(), std::atol(argv[3]), argv[4]);
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
