#include "itkKMeansThresholdImageFilter.h"

#include <catch2/catch.hpp>

#include <random>

namespace
{
using ImageType = itk::Image<short, 2>;
using MaskType = itk::Image<unsigned char, 2>;
using FilterType = itk::KMeansThresholdImageFilter<ImageType, MaskType>;

ImageType::Pointer
MakeImage(unsigned int columns, unsigned int rows, short value)
{
  auto image = ImageType::New();
  image->SetRegions(ImageType::SizeType{ { columns, rows } });
  image->Allocate();
  image->FillBuffer(value);
  return image;
}

/** The within-cluster sum of squares of splitting sorted weighted values after position `split`. */
double
WithinSS(const std::vector<double> & v, const std::vector<double> & c, std::size_t split)
{
  double total = 0;
  for (int part = 0; part < 2; ++part)
  {
    const std::size_t b = part == 0 ? 0 : split + 1, e = part == 0 ? split + 1 : v.size();
    double            n = 0, s = 0;
    for (std::size_t i = b; i < e; ++i)
    {
      n += c[i];
      s += c[i] * v[i];
    }
    for (std::size_t i = b; i < e; ++i)
    {
      total += c[i] * (v[i] - s / n) * (v[i] - s / n);
    }
  }
  return total;
}
} // namespace

TEST_CASE("Two-means of sorted 1-D data is the split of least within-cluster sum of squares", "[kmeans]")
{
  std::mt19937                       random(7);
  std::uniform_int_distribution<int> value(-1000, 1000), count(1, 50), size(2, 40);
  for (int trial = 0; trial < 200; ++trial)
  {
    std::set<int> distinct;
    const int     k = size(random);
    while (static_cast<int>(distinct.size()) < k)
    {
      distinct.insert(value(random));
    }
    std::vector<double> values(distinct.begin(), distinct.end()), counts;
    for (std::size_t i = 0; i < values.size(); ++i)
    {
      counts.push_back(count(random));
    }
    double      best = 1e300;
    std::size_t bestSplit = 0;
    for (std::size_t split = 0; split + 1 < values.size(); ++split)
    {
      const double ss = WithinSS(values, counts, split);
      if (ss < best)
      {
        best = ss;
        bestSplit = split;
      }
    }
    double n1 = 0, s1 = 0, n2 = 0, s2 = 0;
    for (std::size_t i = 0; i < values.size(); ++i)
    {
      (i <= bestSplit ? n1 : n2) += counts[i];
      (i <= bestSplit ? s1 : s2) += counts[i] * values[i];
    }
    const auto centres = FilterType::TwoMeansOfSortedValues(values, counts);
    CHECK(centres.first == Approx(s1 / n1).margin(1e-9));
    CHECK(centres.second == Approx(s2 / n2).margin(1e-9));
  }
  CHECK(FilterType::TwoMeansOfSortedValues({ 5.0 }, { 3.0 }) == std::make_pair(5.0, 5.0));
}

TEST_CASE("K-means threshold of a two-valued central region is midway, in HU and in z", "[kmeans]")
{
  // 10 x 10: the central region is [2, 8) on both axes. Extremes sit outside it (corners), so they
  // are replaced by the central mean and do not move the clusters.
  auto image = MakeImage(10, 10, 0);
  for (long y = 2; y < 8; ++y)
  {
    for (long x = 2; x < 8; ++x)
    {
      image->SetPixel({ { x, y } }, y < 4 ? -100 : 50); // 12 at -100, 24 at 50
    }
  }
  image->SetPixel({ { 0, 0 } }, 1000);
  image->SetPixel({ { 9, 9 } }, -1000);
  auto filter = FilterType::New();
  filter->SetInput(image);
  filter->Update();
  CHECK(filter->GetValid());
  CHECK(filter->GetInputThreshold() == Approx(-25.0).margin(1e-9));
  const double mean = (12 * -100.0 + 24 * 50.0 + 1000 - 1000) / 100.0;
  double       squares = 0;
  for (itk::ImageRegionConstIterator<ImageType> it(image, image->GetLargestPossibleRegion()); !it.IsAtEnd(); ++it)
  {
    squares += (it.Get() - mean) * (it.Get() - mean);
  }
  const double std = std::sqrt(squares / 100.0);
  CHECK(filter->GetMean() == Approx(mean).margin(1e-12));
  CHECK(filter->GetStandardDeviation() == Approx(std));
  CHECK(filter->GetThreshold() == Approx((-25.0 - mean) / std));
  const MaskType * mask = filter->GetOutput();
  CHECK(mask->GetPixel({ { 3, 2 } }) == 1); // -100
  CHECK(mask->GetPixel({ { 3, 5 } }) == 0); // 50
  CHECK(mask->GetPixel({ { 1, 1 } }) == 0); // 0
  CHECK(mask->GetPixel({ { 9, 9 } }) == 0); // the minimum, replaced by the central mean 0 > -25
  CHECK(mask->GetPixel({ { 0, 0 } }) == 0); // the maximum, likewise
}

TEST_CASE("The extremes are replaced inside the central region too, as the seed's numpy view does", "[kmeans]")
{
  auto image = MakeImage(10, 10, 0);
  for (long y = 2; y < 8; ++y)
  {
    for (long x = 2; x < 8; ++x)
    {
      image->SetPixel({ { x, y } }, (y - 2) * 6 + (x - 2) < 17 ? -100 : 50); // 17 at -100, 19 at 50
    }
  }
  image->SetPixel({ { 7, 7 } }, 1000); // the image's maximum, inside the central region
  image->SetPixel({ { 0, 0 } }, -1000);
  auto filter = FilterType::New();
  filter->SetInput(image);
  filter->Update();
  // Central mean before the replacement: (17 (-100) + 18 (50) + 1000) / 36; it replaces the 1000.
  const double centralMean = (17 * -100.0 + 18 * 50.0 + 1000.0) / 36.0;
  const double upper = (18 * 50.0 + centralMean) / 19.0;
  const double threshold = (-100.0 + upper) / 2.0;
  CHECK(filter->GetInputThreshold() == Approx(threshold).margin(1e-9));
}

TEST_CASE("The central region takes the seed's bounds, transposed for a non-square image", "[kmeans]")
{
  ImageType::RegionType region({ { 0, 0 } }, { { 20, 10 } }); // 20 columns, 10 rows
  const auto            central = FilterType::ComputeCentralRegion(region, 0.2, 0.8);
  // Columns (axis 0) from row_size = 10: 2..8; rows (axis 1) from col_size = 20: 4..16, clipped to 10.
  CHECK(central.GetIndex(0) == 2);
  CHECK(central.GetSize(0) == 6);
  CHECK(central.GetIndex(1) == 4);
  CHECK(central.GetSize(1) == 6);
  ImageType::RegionType square({ { 0, 0 } }, { { 431, 431 } });
  const auto            c = FilterType::ComputeCentralRegion(square, 0.2, 0.8);
  CHECK(c.GetIndex(0) == 86);      // int(431 / 5)
  CHECK(c.GetSize(0) == 344 - 86); // int(431 / 5 * 4) = 344
}

TEST_CASE("A constant image gives an empty mask and no NaN", "[kmeans]")
{
  auto image = MakeImage(16, 16, -1024);
  auto filter = FilterType::New();
  filter->SetInput(image);
  REQUIRE_NOTHROW(filter->Update());
  CHECK_FALSE(filter->GetValid());
  CHECK(std::isfinite(filter->GetThreshold()));
  for (itk::ImageRegionConstIterator<MaskType> it(filter->GetOutput(), image->GetLargestPossibleRegion());
       !it.IsAtEnd();
       ++it)
  {
    REQUIRE(it.Get() == 0);
  }
}
