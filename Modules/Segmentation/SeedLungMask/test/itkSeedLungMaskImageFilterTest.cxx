#include "chestctMaskEvaluation.h"
#include "chestctSeedLungMask.h"
#include "chestctThoraxPhantom.h"
#include "itkBinaryBoxMorphologyImageFilter.h"
#include "itkCastImageFilter.h"
#include "itkFlatStructuringElement.h"
#include "itkGrayscaleDilateImageFilter.h"
#include "itkGrayscaleErodeImageFilter.h"
#include "itkPipelineMonitorImageFilter.h"
#include "itkSeedLungMaskImageFilter.h"
#include "itkStreamingImageFilter.h"

#include <catch2/catch.hpp>

#include <random>

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

using KernelType = itk::FlatStructuringElement<2>;

/** The 3 x 3 kernel over offsets {0, +1} x {0, +1}: ITK's flat morphology takes out(x) over in(x + o) for
 * the "on" offsets o, so an odd (n-1)-box followed by it is scikit-image's even n-box. */
KernelType
PairKernel()
{
  KernelType::RadiusType radius;
  radius.Fill(1);
  KernelType kernel;
  kernel.SetRadius(radius);
  for (auto it = kernel.Begin(); it != kernel.End(); ++it)
  {
    *it = false;
  }
  for (int dy = 0; dy <= 1; ++dy)
  {
    for (int dx = 0; dx <= 1; ++dx)
    {
      kernel[KernelType::OffsetType{ { dx, dy } }] = true;
    }
  }
  return kernel;
}

/** ITK's stock flat morphology with an n x n box anchored as scikit-image's. */
MaskType::Pointer
StockMorphology(const MaskType * image, unsigned long n, bool dilate)
{
  KernelType::RadiusType radius;
  radius.Fill((n - 1) / 2);
  const KernelType box = KernelType::Box(radius);
  if (dilate)
  {
    using FilterType = itk::GrayscaleDilateImageFilter<MaskType, MaskType, KernelType>;
    auto first = FilterType::New();
    first->SetKernel(box);
    first->SetInput(image);
    auto second = FilterType::New();
    second->SetKernel(n % 2 == 0 ? PairKernel() : KernelType::Box(KernelType::RadiusType{}));
    second->SetAlgorithm(FilterType::AlgorithmEnum::BASIC);
    second->SetInput(first->GetOutput());
    second->Update();
    return second->GetOutput();
  }
  using FilterType = itk::GrayscaleErodeImageFilter<MaskType, MaskType, KernelType>;
  auto first = FilterType::New();
  first->SetKernel(box);
  first->SetInput(image);
  auto second = FilterType::New();
  second->SetKernel(n % 2 == 0 ? PairKernel() : KernelType::Box(KernelType::RadiusType{}));
  second->SetAlgorithm(FilterType::AlgorithmEnum::BASIC);
  second->SetInput(first->GetOutput());
  second->Update();
  return second->GetOutput();
}

MaskType::Pointer
BoxMorphology(const MaskType * image, unsigned long n, bool dilate)
{
  auto filter = itk::BinaryBoxMorphologyImageFilter<MaskType>::New();
  filter->SetBoxSize(n);
  filter->SetDilate(dilate);
  filter->SetInput(image);
  filter->Update();
  return filter->GetOutput();
}

MaskType::Pointer
Point(long column, long row)
{
  auto image = MaskType::New();
  image->SetRegions(MaskType::SizeType{ { 20, 20 } });
  image->Allocate(true);
  image->SetPixel({ { column, row } }, 1);
  return image;
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
  CHECK(Extent(BoxMorphology(Point(10, 10), 8, true)) == std::array<long, 4>{ { 6, 13, 6, 13 } });
  CHECK(Extent(BoxMorphology(Point(0, 0), 8, true)) == std::array<long, 4>{ { 0, 3, 0, 3 } });
  CHECK(Extent(BoxMorphology(Point(19, 19), 10, true)) == std::array<long, 4>{ { 14, 19, 14, 19 } });
  CHECK(Extent(BoxMorphology(Point(12, 3), 10, true)) == std::array<long, 4>{ { 7, 16, 0, 7 } });
  CHECK(Extent(BoxMorphology(Point(10, 10), 3, true)) == std::array<long, 4>{ { 9, 11, 9, 11 } });
  // Erosion of a full image with one hole at (10, 10), 8 x 8: the hole grows to 6..13 as well
  // (skimage: np.nonzero(erosion(b, np.ones([8, 8])) == 0) spans 6..13); the edges do not erode.
  auto full = MaskType::New();
  full->SetRegions(MaskType::SizeType{ { 20, 20 } });
  full->Allocate();
  full->FillBuffer(1);
  full->SetPixel({ { 10, 10 } }, 0);
  const auto   eroded = BoxMorphology(full, 8, false);
  unsigned int holes = 0;
  for (itk::ImageRegionConstIteratorWithIndex<MaskType> it(eroded, eroded->GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    const auto i = it.GetIndex();
    const bool inHole = i[0] >= 6 && i[0] <= 13 && i[1] >= 6 && i[1] <= 13;
    holes += it.Get() == 0;
    CHECK(it.Get() == (inHole ? 0 : 1));
  }
  CHECK(holes == 64);
}

TEST_CASE("Box morphology equals ITK's flat morphology with a shifted even kernel", "[seedmask]")
{
  std::mt19937 random(3);
  auto         image = MaskType::New();
  image->SetRegions(MaskType::SizeType{ { 61, 47 } });
  image->Allocate();
  for (itk::ImageRegionIterator<MaskType> it(image, image->GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    it.Set(random() % 7 == 0 ? 1 : 0); // sparse, for dilation
  }
  for (const unsigned long n : { 3UL, 8UL, 10UL })
  {
    const auto ours = BoxMorphology(image, n, true);
    const auto stock = StockMorphology(image, n, true);
    CHECK(std::equal(ours->GetBufferPointer(), ours->GetBufferPointer() + 61 * 47, stock->GetBufferPointer()));
  }
  for (itk::ImageRegionIterator<MaskType> it(image, image->GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    it.Set(random() % 40 == 0 ? 0 : 1); // dense, for erosion
  }
  for (const unsigned long n : { 3UL, 8UL })
  {
    const auto ours = BoxMorphology(image, n, false);
    const auto stock = StockMorphology(image, n, false);
    CHECK(std::equal(ours->GetBufferPointer(), ours->GetBufferPointer() + 61 * 47, stock->GetBufferPointer()));
  }
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
