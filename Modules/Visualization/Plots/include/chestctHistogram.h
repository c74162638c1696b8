#ifndef chestctHistogram_h
#define chestctHistogram_h

#include "itkImage.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chestct
{

/** \brief A reference tissue band of the seed's table of Hounsfield units. \ingroup ChestCTPlots */
struct TissueBand
{
  const char * name;
  double       lower; ///< HU
  double       upper; ///< HU
  const char * color; ///< SVG colour
};

/** The bands shaded on the histogram, from the seed's table ("sourced from Wikipedia"): air -1000,
 * lung -500, fat -100 to -50, water 0, soft tissue (blood +30 to +70, muscle +10 to +40, liver +40 to
 * +60: +10 to +70), bone +700 (cancellous) to +3000 (cortical). The table gives air, lung and water as
 * single values; as bands: air -1024 to -900 (air reads -1000 give or take noise), lung -900 to -500
 * (aerated parenchyma, the table's -500 its upper end), water -10 to +10. \ingroup ChestCTPlots */
const std::vector<TissueBand> &
ReferenceTissueBands();

/** \brief What to count. \ingroup ChestCTPlots */
struct HistogramOptions
{
  unsigned int bins{ 50 }; ///< as the seed's plt.hist(bins=50)
  /** [lower, upper] HU; default: the smallest and largest value that is not padding. */
  std::optional<std::pair<double, double>> range;
  /** The value that marks padding (outside the scan circle) in the volume; none: no padding. */
  std::optional<short> paddingValue;
};

/** \brief Voxel counts in equal-width bins, with padding and out-of-range voxels counted apart.
 *
 * Bin i covers [Lower(i), Upper(i)): voxel value v goes to bin floor((v - lower) / width), the last bin
 * also taking v = upper, as numpy.histogram does. Padding voxels are never in a bin.
 * \ingroup ChestCTPlots */
struct Histogram
{
  double                     lower{ 0.0 };
  double                     upper{ 0.0 };
  std::vector<std::uint64_t> counts;
  std::optional<short>       paddingValue;
  std::uint64_t              padding{ 0 }; ///< voxels equal to paddingValue
  std::uint64_t              below{ 0 };   ///< non-padding voxels below `lower`
  std::uint64_t              above{ 0 };   ///< non-padding voxels above `upper`
  std::uint64_t              total{ 0 };   ///< every voxel

  double
  Width() const
  {
    return (upper - lower) / static_cast<double>(counts.size());
  }
  double
  Lower(std::size_t bin) const
  {
    return lower + static_cast<double>(bin) * Width();
  }
  double
  Upper(std::size_t bin) const
  {
    return bin + 1 == counts.size() ? upper : lower + static_cast<double>(bin + 1) * Width();
  }
};

/** Counts `image`'s voxels. Throws chestct::Error for zero bins or an empty or reversed range. */
Histogram
ComputeHistogram(const itk::Image<short, 3> & image, const HistogramOptions & options = {});

/** The counts as CSV: a header `kind,lower_hu,upper_hu,count`, one `bin` row per bin, then the `padding`
 * (lower = upper = its value, empty when there is none), `below_range` and `above_range` rows. */
std::string
HistogramCSV(const Histogram & histogram);

/** \brief How the SVG looks. \ingroup ChestCTPlots */
struct HistogramPlotOptions
{
  std::string title;             ///< e.g. the series description
  bool        logScale{ false }; ///< counts on a log10 axis
  std::string note;              ///< a line under the plot (e.g. how padding was found)
};

/** A standalone SVG 1.1 document: bars, axes with ticks and units, the reference tissue bands shaded and
 * named, the title, and the padding as its own bar beside the plot (never merged with air). */
std::string
HistogramSVG(const Histogram & histogram, const HistogramPlotOptions & options);

} // namespace chestct

#endif
