// The HU histogram: exact counts on the phantom, padding apart, the CSV and the SVG.
#include "chestctError.h"
#include "chestctHistogram.h"
#include "chestctTestData.h"
#include "chestctThoraxPhantom.h"

#include "itkImageRegionIteratorWithIndex.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <sstream>

using namespace chestct;

namespace
{
std::size_t
Occurrences(const std::string & text, const std::string & part)
{
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
  {
    ++count;
  }
  return count;
}
} // namespace

TEST_CASE("Histogram counts on the noise-free phantom are the tissue voxel counts, padding apart", "[histogram]")
{
  ThoraxPhantomParameters parameters;
  parameters.columns = parameters.rows = 64;
  parameters.pixelSpacing = 6.0;
  parameters.slices = 12;
  parameters.noiseSigma = 0.0;
  const ThoraxPhantom phantom(parameters);
  auto                image = phantom.ExpectedHounsfieldImage();

  // What the histogram must find, counted from the analytic anatomy at every voxel centre; padding (outside
  // the field of view) is marked with a value no tissue has, as the histogram command does for DICOM input.
  const short                    marker = -32768;
  std::map<short, std::uint64_t> expected;
  std::uint64_t                  outside = 0;
  for (itk::ImageRegionIteratorWithIndex<ThoraxPhantom::HUImageType> it(image, image->GetBufferedRegion());
       !it.IsAtEnd();
       ++it)
  {
    ThoraxPhantom::PointType p;
    image->TransformIndexToPhysicalPoint(it.GetIndex(), p);
    if (!phantom.InsideFieldOfView(p))
    {
      ++outside;
      REQUIRE(it.Get() == PhantomPaddingHounsfield);
      it.Set(marker);
      continue;
    }
    ++expected[phantom.NominalHounsfieldAt(p)];
  }
  REQUIRE(outside > 0);

  HistogramOptions options;
  options.bins = 41; // 50 HU bins from -1050 to 1000: each nominal value in its own bin
  options.range = std::make_pair(-1050.0, 1000.0);
  options.paddingValue = marker;
  const Histogram histogram = ComputeHistogram(*image, options);
  REQUIRE(histogram.Width() == 50.0);
  REQUIRE(histogram.padding == outside);
  REQUIRE(histogram.total == image->GetBufferedRegion().GetNumberOfPixels());
  REQUIRE(histogram.below == 0);
  REQUIRE(histogram.above == 0);
  std::uint64_t binned = 0;
  for (std::size_t bin = 0; bin < histogram.counts.size(); ++bin)
  {
    std::uint64_t want = 0;
    for (const auto & [value, count] : expected)
    {
      want += (value >= histogram.Lower(bin) && value < histogram.Upper(bin)) ? count : 0;
    }
    INFO("bin " << bin << " [" << histogram.Lower(bin) << ", " << histogram.Upper(bin) << ")");
    REQUIRE(histogram.counts[bin] == want);
    binned += histogram.counts[bin];
  }
  REQUIRE(binned + outside == histogram.total);
  REQUIRE(expected.count(-850) == 1); // the lungs are there, and were counted in their bin above

  // Air (-1000) and padding are never mixed: padding marked as air would have landed in air's bin.
  const std::size_t airBin = static_cast<std::size_t>((-1000 + 1050) / 50);
  REQUIRE(histogram.counts[airBin] == expected[-1000]);
}

TEST_CASE("Histogram bins follow numpy: equal width, last bin closed, out-of-range counted apart", "[histogram]")
{
  auto image = itk::Image<short, 3>::New();
  image->SetRegions(itk::Size<3>{ { 6, 1, 1 } });
  image->Allocate();
  const short values[] = { -10, 0, 5, 9, 10, 20 };
  for (long i = 0; i < 6; ++i)
  {
    image->SetPixel({ { i, 0, 0 } }, values[i]);
  }
  HistogramOptions options;
  options.bins = 2;
  options.range = std::make_pair(0.0, 10.0);
  const Histogram histogram = ComputeHistogram(*image, options);
  REQUIRE(histogram.counts == std::vector<std::uint64_t>{ 1, 3 }); // [0,5): 0; [5,10]: 5, 9, 10
  REQUIRE(histogram.below == 1);
  REQUIRE(histogram.above == 1);

  // Default range: smallest to largest value.
  options.range.reset();
  options.bins = 3;
  const Histogram full = ComputeHistogram(*image, options);
  REQUIRE(full.lower == -10.0);
  REQUIRE(full.upper == 20.0);
  REQUIRE(full.counts == std::vector<std::uint64_t>{ 1, 3, 2 });

  const std::string csv = HistogramCSV(histogram);
  REQUIRE(csv.rfind("kind,lower_hu,upper_hu,count\nbin,0,5,1\nbin,5,10,3\npadding,,,0\n", 0) == 0);
  REQUIRE(csv.find("below_range,,0,1\nabove_range,10,,1\n") != std::string::npos);

  options.bins = 0;
  REQUIRE_THROWS_AS(ComputeHistogram(*image, options), Error);
  options.bins = 2;
  options.range = std::make_pair(5.0, 5.0);
  REQUIRE_THROWS_WITH(ComputeHistogram(*image, options), Catch::Contains("LO < HI"));
}

TEST_CASE("The SVG has a title, axes with units, the tissue bands and the padding bar", "[histogram]")
{
  Histogram histogram;
  histogram.lower = -1100;
  histogram.upper = 1100;
  histogram.counts = { 10, 5000, 0, 200, 70, 3 };
  histogram.padding = 4000;
  histogram.total = 9283;
  HistogramPlotOptions plot;
  plot.title = "CT <chest> & more";
  plot.note = "a note";
  const std::string svg = HistogramSVG(histogram, plot);
  REQUIRE(svg.rfind("<?xml", 0) == 0);
  REQUIRE(svg.find("</svg>") != std::string::npos);
  REQUIRE(svg.find("CT &lt;chest&gt; &amp; more") != std::string::npos);
  REQUIRE(svg.find("Hounsfield units (HU)") != std::string::npos);
  for (const TissueBand & band : ReferenceTissueBands())
  {
    REQUIRE(svg.find(std::string(">") + band.name + "</text>") != std::string::npos);
  }
  REQUIRE(svg.find("padding: 4000") != std::string::npos);
  REQUIRE(Occurrences(svg, "HU: ") == 5); // one bar per non-empty bin
  REQUIRE(svg.find("a note") != std::string::npos);
  plot.logScale = true;
  REQUIRE(HistogramSVG(histogram, plot).find("(log scale)") != std::string::npos);
}
