// CopySlices: a run of slices of a volume, on the volume's grid, in the volume's pixel type or another.
#include "chestctImageSlabs.h"

#include <catch2/catch.hpp>

TEST_CASE("CopySlices copies slices on the same grid, in the same pixel type or another", "[common][slabs]")
{
  using ByteImage = itk::Image<unsigned char, 3>;
  auto volume = ByteImage::New();
  volume->SetRegions(itk::Size<3>{ { 4, 3, 5 } });
  const double spacing[3] = { 0.5, 0.75, 2.0 };
  volume->SetSpacing(spacing);
  volume->Allocate();
  for (std::size_t i = 0; i < 60; ++i)
    volume->GetBufferPointer()[i] = static_cast<unsigned char>(200 + i % 50);

  const auto slab = chestct::CopySlices(volume.GetPointer(), 1, 3);
  CHECK(slab->GetLargestPossibleRegion() == volume->GetLargestPossibleRegion());
  CHECK(slab->GetBufferedRegion().GetIndex(2) == 1);
  CHECK(slab->GetBufferedRegion().GetSize(2) == 3);
  CHECK(slab->GetSpacing() == volume->GetSpacing());
  CHECK(std::equal(slab->GetBufferPointer(), slab->GetBufferPointer() + 36, volume->GetBufferPointer() + 12));

  const auto wide = chestct::CopySlices<itk::Image<unsigned int, 3>>(volume.GetPointer(), 4, 1);
  CHECK(wide->GetBufferedRegion().GetIndex(2) == 4);
  CHECK(wide->GetLargestPossibleRegion() == volume->GetLargestPossibleRegion());
  for (std::size_t i = 0; i < 12; ++i)
    CHECK(wide->GetBufferPointer()[i] == volume->GetBufferPointer()[48 + i]);

  CHECK_THROWS_AS(chestct::CopySlices(volume.GetPointer(), 4, 2), itk::ExceptionObject);
}
