#include "chestctHistogram.h"
#include "chestctMarkup.h"
#include "chestctError.h"

#include "itkImageRegionConstIterator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>

namespace chestct
{

const std::vector<TissueBand> &
ReferenceTissueBands()
{
  static const std::vector<TissueBand> bands = {
    { "air", -1024.0, -900.0, "#6baed6" },    { "lung", -900.0, -500.0, "#9ecae1" },
    { "fat", -100.0, -50.0, "#fdd835" },      { "water", -10.0, 10.0, "#4fc3f7" },
    { "soft tissue", 10.0, 70.0, "#ef9a9a" }, { "bone", 700.0, 3000.0, "#bdbdbd" },
  };
  return bands;
}

Histogram
ComputeHistogram(const itk::Image<short, 3> & image, const HistogramOptions & options)
{
  if (options.bins == 0 || options.bins > 100000)
  {
    throw Error("", "the number of bins must be between 1 and 100000", "give --bins a positive number");
  }
  // Every short value counted once, then the bins summed from the table: exact, and one pass over the volume.
  std::vector<std::uint64_t> table(65536, 0);
  using IteratorType = itk::ImageRegionConstIterator<itk::Image<short, 3>>;
  for (IteratorType it(&image, image.GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    ++table[static_cast<std::size_t>(static_cast<int>(it.Get()) + 32768)];
  }

  Histogram histogram;
  histogram.paddingValue = options.paddingValue;
  int lowest = std::numeric_limits<int>::max();
  int highest = std::numeric_limits<int>::min();
  for (int value = -32768; value <= 32767; ++value)
  {
    const std::uint64_t count = table[static_cast<std::size_t>(value + 32768)];
    histogram.total += count;
    if (count == 0)
    {
      continue;
    }
    if (options.paddingValue && value == *options.paddingValue)
    {
      histogram.padding = count;
      continue;
    }
    lowest = std::min(lowest, value);
    highest = std::max(highest, value);
  }
  if (options.range)
  {
    histogram.lower = options.range->first;
    histogram.upper = options.range->second;
    if (!std::isfinite(histogram.lower) || !std::isfinite(histogram.upper) || histogram.lower >= histogram.upper)
    {
      throw Error("", "the histogram range must have LO below HI", "give --range LO,HI with LO < HI");
    }
  }
  else if (lowest > highest) // nothing but padding
  {
    histogram.lower = -1024.0;
    histogram.upper = 3071.0;
  }
  else
  {
    histogram.lower = lowest;
    histogram.upper = highest > lowest ? highest : lowest + 1.0;
  }

  histogram.counts.assign(options.bins, 0);
  const double span = histogram.upper - histogram.lower;
  for (int value = -32768; value <= 32767; ++value)
  {
    const std::uint64_t count = table[static_cast<std::size_t>(value + 32768)];
    if (count == 0 || (options.paddingValue && value == *options.paddingValue))
    {
      continue;
    }
    const double v = value;
    if (v < histogram.lower)
    {
      histogram.below += count;
    }
    else if (v > histogram.upper)
    {
      histogram.above += count;
    }
    else
    {
      auto bin = static_cast<std::size_t>(std::floor((v - histogram.lower) * options.bins / span));
      histogram.counts[std::min(bin, histogram.counts.size() - 1)] += count;
    }
  }
  return histogram;
}

namespace
{
std::string
Number(double value)
{
  std::ostringstream text;
  text << std::setprecision(10) << value;
  return text.str();
}


/** Round tick values covering [lower, upper], about `target` of them, at 1, 2 or 5 times a power of ten. */
std::vector<double>
NiceTicks(double lower, double upper, int target)
{
  const double raw = (upper - lower) / std::max(1, target);
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double       step = power;
  for (const double factor : { 1.0, 2.0, 5.0, 10.0 })
  {
    step = factor * power;
    if (step >= raw)
    {
      break;
    }
  }
  std::vector<double> ticks;
  for (double tick = std::ceil(lower / step) * step; tick <= upper + 1e-9 * step; tick += step)
  {
    ticks.push_back(std::abs(tick) < 1e-9 * step ? 0.0 : tick);
  }
  return ticks;
}

std::string
CountLabel(double count)
{
  std::ostringstream text;
  if (count >= 1e6)
  {
    text << Number(count / 1e6) << "M";
  }
  else if (count >= 1e3)
  {
    text << Number(count / 1e3) << "k";
  }
  else
  {
    text << Number(count);
  }
  return text.str();
}
} // namespace

std::string
HistogramCSV(const Histogram & histogram)
{
  std::ostringstream csv;
  csv << "kind,lower_hu,upper_hu,count\n";
  for (std::size_t bin = 0; bin < histogram.counts.size(); ++bin)
  {
    csv << "bin," << Number(histogram.Lower(bin)) << "," << Number(histogram.Upper(bin)) << "," << histogram.counts[bin]
        << "\n";
  }
  const std::string padding = histogram.paddingValue ? Number(*histogram.paddingValue) : "";
  csv << "padding," << padding << "," << padding << "," << histogram.padding << "\n";
  csv << "below_range,," << Number(histogram.lower) << "," << histogram.below << "\n";
  csv << "above_range," << Number(histogram.upper) << ",," << histogram.above << "\n";
  return csv.str();
}

std::string
HistogramSVG(const Histogram & histogram, const HistogramPlotOptions & options)
{
  // Layout, in SVG user units (pixels): the plot, then a narrow panel for the padding bar to its right.
  const double width = 960, height = 560;
  const double left = 95, right = 150, top = 70, bottom = 110;
  const double plotWidth = width - left - right, plotHeight = height - top - bottom;
  const double paddingPanelX = left + plotWidth + 40, paddingPanelWidth = 50;

  std::uint64_t maxCount = histogram.padding;
  for (const std::uint64_t count : histogram.counts)
  {
    maxCount = std::max(maxCount, count);
  }
  maxCount = std::max<std::uint64_t>(maxCount, 1);
  // The y axis: counts, linear from 0 or log10 from 1; padding shares it.
  const double        logTop = std::ceil(std::log10(static_cast<double>(maxCount)) + 1e-12);
  std::vector<double> yTicks;
  double              yMax = 0;
  if (options.logScale)
  {
    yMax = std::max(1.0, logTop);
    for (int decade = 0; decade <= static_cast<int>(yMax); ++decade)
    {
      yTicks.push_back(std::pow(10.0, decade));
    }
  }
  else
  {
    yTicks = NiceTicks(0.0, static_cast<double>(maxCount), 6);
    yMax = std::max(static_cast<double>(maxCount), yTicks.back());
  }
  const auto y = [&](double count) {
    double fraction = 0.0;
    if (options.logScale)
    {
      fraction = count < 1.0 ? 0.0 : std::log10(count) / yMax;
    }
    else
    {
      fraction = count / yMax;
    }
    return top + plotHeight * (1.0 - fraction);
  };
  const auto x = [&](double hu) {
    return left + plotWidth * (hu - histogram.lower) / (histogram.upper - histogram.lower);
  };

  std::ostringstream svg;
  svg << std::setprecision(6);
  svg << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" << width << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << width << " " << height << "\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n"
      << "<rect x=\"0\" y=\"0\" width=\"" << width << "\" height=\"" << height << "\" fill=\"white\"/>\n";
  svg << "<text x=\"" << width / 2 << "\" y=\"32\" font-size=\"20\" text-anchor=\"middle\">"
      << EscapeMarkup("Hounsfield-unit histogram" + (options.title.empty() ? std::string() : " — " + options.title))
      << "</text>\n";

  // Tissue bands, clipped to the range, each named at the top of the plot (staggered so neighbours do not overlap).
  svg << "<g id=\"tissue-bands\">\n";
  std::ostringstream names; // drawn after the bars, so that a tall bar never hides one
  int                labelRow = 0;
  for (const TissueBand & band : ReferenceTissueBands())
  {
    const double lo = std::max(band.lower, histogram.lower), hi = std::min(band.upper, histogram.upper);
    if (lo >= hi)
    {
      continue;
    }
    svg << "<rect x=\"" << x(lo) << "\" y=\"" << top << "\" width=\"" << std::max(1.0, x(hi) - x(lo)) << "\" height=\""
        << plotHeight << "\" fill=\"" << band.color << "\" fill-opacity=\"0.35\"><title>" << band.name << ": "
        << band.lower << " to " << band.upper << " HU</title></rect>\n";
    names << "<text x=\"" << (x(lo) + x(hi)) / 2 << "\" y=\"" << top + 14 + 13 * (labelRow++ % 3)
          << "\" font-size=\"11\" text-anchor=\"middle\" fill=\"#333\" stroke=\"white\" stroke-width=\"3\" "
             "paint-order=\"stroke\">"
          << band.name << "</text>\n";
  }
  svg << "</g>\n";

  // Bars.
  svg << "<g id=\"bars\" fill=\"#00838f\">\n";
  for (std::size_t bin = 0; bin < histogram.counts.size(); ++bin)
  {
    if (histogram.counts[bin] == 0)
    {
      continue;
    }
    const double x0 = x(histogram.Lower(bin)), x1 = x(histogram.Upper(bin));
    const double yTop = y(static_cast<double>(histogram.counts[bin]));
    svg << "<rect x=\"" << x0 << "\" y=\"" << yTop << "\" width=\"" << std::max(0.5, x1 - x0 - 0.5) << "\" height=\""
        << top + plotHeight - yTop << "\"><title>" << Number(histogram.Lower(bin)) << " to "
        << Number(histogram.Upper(bin)) << " HU: " << histogram.counts[bin] << "</title></rect>\n";
  }
  svg << "</g>\n";
  svg << "<g id=\"tissue-band-names\">\n" << names.str() << "</g>\n";

  // Axes, ticks and units.
  svg << "<g id=\"axes\" stroke=\"black\" stroke-width=\"1\">\n"
      << "<line x1=\"" << left << "\" y1=\"" << top + plotHeight << "\" x2=\"" << left + plotWidth << "\" y2=\""
      << top + plotHeight << "\"/>\n"
      << "<line x1=\"" << left << "\" y1=\"" << top << "\" x2=\"" << left << "\" y2=\"" << top + plotHeight << "\"/>\n";
  for (const double tick : NiceTicks(histogram.lower, histogram.upper, 8))
  {
    svg << "<line x1=\"" << x(tick) << "\" y1=\"" << top + plotHeight << "\" x2=\"" << x(tick) << "\" y2=\""
        << top + plotHeight + 6 << "\"/>\n";
    svg << "<text x=\"" << x(tick) << "\" y=\"" << top + plotHeight + 22
        << "\" font-size=\"13\" text-anchor=\"middle\" stroke=\"none\">" << Number(tick) << "</text>\n";
  }
  for (const double tick : yTicks)
  {
    svg << "<line x1=\"" << left - 6 << "\" y1=\"" << y(tick) << "\" x2=\"" << left << "\" y2=\"" << y(tick)
        << "\"/>\n";
    svg << "<text x=\"" << left - 10 << "\" y=\"" << y(tick) + 4
        << "\" font-size=\"13\" text-anchor=\"end\" stroke=\"none\">" << CountLabel(tick) << "</text>\n";
  }
  svg << "</g>\n";
  svg << "<text x=\"" << left + plotWidth / 2 << "\" y=\"" << top + plotHeight + 48
      << "\" font-size=\"15\" text-anchor=\"middle\">Hounsfield units (HU)</text>\n";
  svg << "<text x=\"24\" y=\"" << top + plotHeight / 2
      << "\" font-size=\"15\" text-anchor=\"middle\" transform=\"rotate(-90 24 " << top + plotHeight / 2 << ")\">Voxels"
      << (options.logScale ? " (log scale)" : "") << "</text>\n";

  // The padding, apart: its own bar on the same count axis, never merged with air.
  svg << "<g id=\"padding\">\n";
  svg << "<line x1=\"" << paddingPanelX - 10 << "\" y1=\"" << top + plotHeight << "\" x2=\""
      << paddingPanelX + paddingPanelWidth + 10 << "\" y2=\"" << top + plotHeight << "\" stroke=\"black\"/>\n";
  if (histogram.padding > 0)
  {
    const double yTop = y(static_cast<double>(histogram.padding));
    svg << "<rect x=\"" << paddingPanelX << "\" y=\"" << yTop << "\" width=\"" << paddingPanelWidth << "\" height=\""
        << top + plotHeight - yTop << "\" fill=\"#8d6e63\"><title>padding: " << histogram.padding
        << "</title></rect>\n";
  }
  svg << "<text x=\"" << paddingPanelX + paddingPanelWidth / 2 << "\" y=\"" << top + plotHeight + 22
      << "\" font-size=\"13\" text-anchor=\"middle\">padding</text>\n";
  svg << "<text x=\"" << paddingPanelX + paddingPanelWidth / 2 << "\" y=\"" << top + plotHeight + 38
      << "\" font-size=\"11\" text-anchor=\"middle\">" << CountLabel(static_cast<double>(histogram.padding))
      << "</text>\n";
  svg << "</g>\n";

  std::ostringstream summary;
  summary << histogram.total << " voxels; " << histogram.counts.size() << " bins of " << Number(histogram.Width())
          << " HU from " << Number(histogram.lower) << " to " << Number(histogram.upper);
  if (histogram.below + histogram.above > 0)
  {
    summary << "; outside the range: " << histogram.below << " below, " << histogram.above << " above";
  }
  summary << ".";
  svg << "<text x=\"" << left << "\" y=\"" << height - 34 << "\" font-size=\"12\" fill=\"#333\">"
      << EscapeMarkup(summary.str()) << "</text>\n";
  if (!options.note.empty())
  {
    svg << "<text x=\"" << left << "\" y=\"" << height - 16 << "\" font-size=\"12\" fill=\"#333\">"
        << EscapeMarkup(options.note) << "</text>\n";
  }
  svg << "</svg>\n";
  return svg.str();
}

} // namespace chestct
