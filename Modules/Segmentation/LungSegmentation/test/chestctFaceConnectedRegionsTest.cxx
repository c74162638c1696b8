// FaceConnectedRegions (Common) gives ITK's connected components, relabelled by size, label for label: the
// lung method's LabelComponents and the body mask rest on it.
#include "chestctFaceConnectedRegions.h"

#include "itkConnectedComponentImageFilter.h"
#include "itkRelabelComponentImageFilter.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

namespace
{
using MaskType = itk::Image<unsigned char, 3>;
using LabelType = itk::Image<unsigned int, 3>;

LabelType::Pointer
LabelledByITK(const MaskType * mask)
{
  auto connected = itk::ConnectedComponentImageFilter<MaskType, LabelType>::New();
  connected->SetInput(mask);
  connected->FullyConnectedOff();
  auto relabel = itk::RelabelComponentImageFilter<LabelType, LabelType>::New();
  relabel->SetInput(connected->GetOutput());
  relabel->Update();
  return relabel->GetOutput();
}

/** Labels `mask` with FaceConnectedRegions and checks every voxel and the sizes against ITK's pair. */
void
CheckAgainstITK(const MaskType * mask)
{
  const auto                          size = mask->GetBufferedRegion().GetSize();
  const unsigned char *               in = mask->GetBufferPointer();
  const chestct::FaceConnectedRegions regions(size[0], size[1], size[2], [in](std::size_t i) { return in[i] != 0; });
  std::vector<unsigned int>           labels(mask->GetBufferedRegion().GetNumberOfPixels(), 0);
  regions.Paint(labels.data(), [](std::uint32_t label) { return label; });

  const auto   expected = LabelledByITK(mask);
  const auto * e = expected->GetBufferPointer();
  CHECK(std::equal(labels.begin(), labels.end(), e));
  const unsigned int count = labels.empty() ? 0 : *std::max_element(e, e + labels.size());
  REQUIRE(regions.NumberOfRegions() == count);
  for (unsigned int label = 1; label <= count; ++label)
  {
    CHECK(regions.Sizes()[label - 1] == static_cast<std::size_t>(std::count(e, e + labels.size(), label)));
  }
}
} // namespace

TEST_CASE("Face-connected regions are ITK's connected components relabelled by size", "[lung][components]")
{
  std::mt19937 random(11);
  for (const double density : { 0.2, 0.35, 0.5, 0.7 }) // apart, near where the regions join up, and joined
  {
    INFO("density " << density);
    auto mask = MaskType::New();
    mask->SetRegions(itk::Size<3>{ { 41, 33, 27 } });
    mask->Allocate();
    std::bernoulli_distribution selected(density);
    for (auto * v = mask->GetBufferPointer(); v != mask->GetBufferPointer() + 41 * 33 * 27; ++v)
      *v = selected(random) ? 1 : 0;
    CheckAgainstITK(mask);
  }

  // Many regions of equal size (single voxels on a checkerboard, and pairs): ranked in memory order.
  auto mask = MaskType::New();
  mask->SetRegions(itk::Size<3>{ { 12, 10, 6 } });
  mask->Allocate();
  for (long z = 0; z < 6; ++z)
    for (long y = 0; y < 10; ++y)
      for (long x = 0; x < 12; ++x)
        mask->SetPixel({ { x, y, z } }, (x + y + z) % 2 == 0 || (x == 11 && y % 2 == 1) ? 1 : 0);
  CheckAgainstITK(mask);

  // Nothing selected: no region.
  mask->FillBuffer(0);
  const chestct::FaceConnectedRegions none(12, 10, 6, [](std::size_t) { return false; });
  CHECK(none.NumberOfRegions() == 0);
  CheckAgainstITK(mask);
}
