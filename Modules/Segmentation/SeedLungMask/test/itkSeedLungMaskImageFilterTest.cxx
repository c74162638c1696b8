#include "chestctMaskEvaluation.h"
#include "chestctSeedLungMask.h"
#include "chestctThoraxPhantom.h"
#include "itkCastImageFilter.h"
#include "itkPipelineMonitorImageFilter.h"
#include "itkSeedLungMaskImageFilter.h"
#include "itkStreamingImageFilter.h"

#include <catch2/catch.hpp>

namespace
{
using MaskType = itk::Image<unsigned char, 2>;
using SliceFilterType = itk::SeedLungMaskSliceImageFilter<itk::Image<short, 2>, MaskType>;
using VolumeType = chestct::SeedLungMaskInputType;
using VolumeMaskType = chestct::SeedLungMaskType;

/** The rows and columns spanned by the non-zero pixels: {min column, max column, min row, max row}. */
std::array<long, 4>
Extent(const MaskType * mask)
{
  std::array<long, 4> e{ { 1000, -1, 1000, -1 } };
  for (itk::ImageRegionConstIteratorWithIndex<MaskType> it(mask, mask->GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    if (it.Get() != 0)
    {
      e[0] = std::min(e[0], it.GetIndex()[0]);
      e[1] = std::max(e[1], it.GetIndex()[0]);
      e[2] = std::min(e[2], it.GetIndex()[1]);
      e[3] = std::max(e[3], it.GetIndex()[1]);
    }
  }
  return e;
}

/** A single pixel dilated by the odd box of `radius` then the pair kernel: scikit-image's even box. */
MaskType::Pointer
DilatePoint(long column, long row, unsigned long radius)
{
  auto image = MaskType::New();
  image->SetRegions(MaskType::SizeType{ { 20, 20 } });
  image->Allocate(true);
  image->SetPixel({ { column, row } }, 1);
  using DilateType = SliceFilterType::DilateFilterType;
  SliceFilterType::KernelType::RadiusType r;
  r.Fill(radius);
  auto box = DilateType::New();
  box->SetKernel(SliceFilterType::KernelType::Box(r));
  box->SetInput(image);
  auto pair = DilateType::New();
  pair->SetKernel(SliceFilterType::BoxPairKernel());
  pair->SetAlgorithm(DilateType::AlgorithmEnum::BASIC);
  pair->SetInput(box->GetOutput());
  pair->Update();
  return pair->GetOutput();
}

chestct::ThoraxPhantom
OneMillimetrePhantom()
{
  chestct::ThoraxPhantomParameters parameters;
  parameters.columns = 384;
  parameters.rows = 384;
  parameters.pixelSpacing = 1.0;
  parameters.slices = 24;
  parameters.sliceSpacing = 10.0;
  return chestct::ThoraxPhantom(parameters);
}
} // namespace

TEST_CASE("Even boxes are anchored as scikit-image's: 8 x 8 spans p-4 to p+3, 10 x 10 p-5 to p+4", "[seedmask]")
{
  // Hand-computed from skimage.morphology.dilation(np.ones([8, 8])) of a single pixel at (10, 10):
  // rows and columns 6..13; at (0, 0): 0..3 (clipped); 10 x 10 of a pixel at (19, 19): 14..19.
  CHECK(Extent(DilatePoint(10, 10, 3)) == std::array<long, 4>{ { 6, 13, 6, 13 } });
  CHECK(Extent(DilatePoint(0, 0, 3)) == std::array<long, 4>{ { 0, 3, 0, 3 } });
  CHECK(Extent(DilatePoint(19, 19, 4)) == std::array<long, 4>{ { 14, 19, 14, 19 } });
  CHECK(Extent(DilatePoint(12, 3, 4)) == std::array<long, 4>{ { 7, 16, 0, 7 } });
  // The box is full: 8 x 8 = 64 pixels.
  const auto   dilated = DilatePoint(10, 10, 3);
  unsigned int count = 0;
  for (itk::ImageRegionConstIterator<MaskType> it(dilated, dilated->GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    count += it.Get();
  }
  CHECK(count == 64);
}

TEST_CASE("The seed method streams slabs of whole slices and matches the unstreamed result", "[seedmask]")
{
  const auto volume = OneMillimetrePhantom().ExpectedHounsfieldImage();
  // A cast produces just the region asked of it, so the monitor sees every streamed request.
  auto cast = itk::CastImageFilter<VolumeType, VolumeType>::New();
  cast->SetInput(volume);
  auto monitor = itk::PipelineMonitorImageFilter<VolumeType>::New();
  monitor->SetInput(cast->GetOutput());
  auto filter = itk::SeedLungMaskImageFilter<VolumeType, VolumeMaskType>::New();
  filter->SetInput(monitor->GetOutput());
  auto streamer = itk::StreamingImageFilter<VolumeMaskType, VolumeMaskType>::New();
  streamer->SetInput(filter->GetOutput());
  streamer->SetNumberOfStreamDivisions(4);
  streamer->Update();
  CHECK(monitor->VerifyAllInputCanStream(4));
  const auto whole = volume->GetLargestPossibleRegion();
  for (const auto & region : monitor->GetOutputRequestedRegions())
  {
    CHECK(region.GetSize(0) == whole.GetSize(0)); // whole slices in-plane
    CHECK(region.GetSize(1) == whole.GetSize(1));
    CHECK(region.GetSize(2) < whole.GetSize(2)); // a subset of the slices
  }
  const auto unstreamed = chestct::ComputeSeedLungMask(volume);
  const auto streamed = streamer->GetOutput();
  CHECK(std::equal(unstreamed->GetBufferPointer(),
                   unstreamed->GetBufferPointer() + whole.GetNumberOfPixels(),
                   streamed->GetBufferPointer()));
  // One thread or many: the same mask.
  const auto single = chestct::ComputeSeedLungMask(volume, 2, 1);
  CHECK(std::equal(unstreamed->GetBufferPointer(),
                   unstreamed->GetBufferPointer() + whole.GetNumberOfPixels(),
                   single->GetBufferPointer()));
}

TEST_CASE("Constant slices at the ends of a stack give empty mask slices, without failing", "[seedmask]")
{
  const auto volume = OneMillimetrePhantom().ExpectedHounsfieldImage();
  const auto size = volume->GetLargestPossibleRegion().GetSize();
  for (long z : { 0L, static_cast<long>(size[2]) - 1 })
  {
    for (long y = 0; y < static_cast<long>(size[1]); ++y)
    {
      for (long x = 0; x < static_cast<long>(size[0]); ++x)
      {
        volume->SetPixel({ { x, y, z } }, -1024);
      }
    }
  }
  const auto steps = chestct::ComputeSeedLungMaskSteps(chestct::ExtractSlice(volume, 0));
  CHECK_FALSE(steps.valid);
  VolumeMaskType::Pointer mask;
  REQUIRE_NOTHROW(mask = chestct::ComputeSeedLungMask(volume));
  std::array<std::size_t, 3> counts{ { 0, 0, 0 } };
  for (itk::ImageRegionConstIteratorWithIndex<VolumeMaskType> it(mask, mask->GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    const long z = it.GetIndex()[2];
    counts[z == 0 ? 0 : (z + 1 == static_cast<long>(size[2]) ? 2 : 1)] += it.Get();
  }
  CHECK(counts[0] == 0);
  CHECK(counts[2] == 0);
  CHECK(counts[1] > 0);
}

TEST_CASE("On the thorax phantom the seed method finds the lungs", "[seedmask]")
{
  const chestct::ThoraxPhantom phantom = OneMillimetrePhantom();
  const auto                   mask = chestct::ComputeSeedLungMask(phantom.ExpectedHounsfieldImage());
  auto                         toLabels = [](auto image) {
    auto cast = itk::CastImageFilter<typename std::remove_pointer_t<decltype(image.GetPointer())>,
                                     chestct::EvaluationLabelImageType>::New();
    cast->SetInput(image);
    cast->Update();
    return chestct::EvaluationLabelImageType::Pointer(cast->GetOutput());
  };
  const auto result = chestct::EvaluateMasks(toLabels(phantom.LungLabelImage()), toLabels(mask));
  INFO("Dice " << result.all.dice << ", Hausdorff " << result.all.hausdorff.value_or(-1));
  CHECK(result.all.dice >= 0.8); // 0.82 measured: the seed's 10 x 10 dilation widens every lung by 4-5 mm

  // The six steps of a middle slice are consistent with the volume's mask.
  const long middle = static_cast<long>(mask->GetLargestPossibleRegion().GetSize(2)) / 2;
  const auto steps =
    chestct::ComputeSeedLungMaskSteps(chestct::ExtractSlice(phantom.ExpectedHounsfieldImage(), middle));
  REQUIRE(steps.valid);
  CHECK(steps.selectedLabels.size() >= 2); // two lungs
  CHECK(steps.thresholdHU > -1000);
  CHECK(steps.thresholdHU < 0);
  std::size_t differences = 0;
  for (itk::ImageRegionConstIteratorWithIndex<MaskType> it(steps.mask, steps.mask->GetBufferedRegion()); !it.IsAtEnd();
       ++it)
  {
    differences += it.Get() != mask->GetPixel({ { it.GetIndex()[0], it.GetIndex()[1], middle } });
  }
  CHECK(differences == 0);
}
