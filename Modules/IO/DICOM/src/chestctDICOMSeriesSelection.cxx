#include "chestctDICOMSeriesSelection.h"
#include "chestctError.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <tuple>

namespace chestct
{

bool
IsAxial(const DICOMSeries & series)
{
  if (series.HasImageType("AXIAL"))
  {
    return true;
  }
  const auto & iop = series.frames.front().imageOrientationPatient;
  if (!iop)
  {
    return false;
  }
  const auto & o = *iop;
  const double normalZ = o[0] * o[4] - o[1] * o[3];
  return std::abs(normalZ) >= 0.8; // cos(37 degrees)
}

namespace
{
/** Larger is better for every member but the last two, which break ties. */
auto
Suitability(const DICOMSeries & series)
{
  return std::make_tuple(series.modality == "CT",
                         !series.HasImageType("LOCALIZER"),
                         series.HasImageType("ORIGINAL") && series.HasImageType("PRIMARY"),
                         IsAxial(series),
                         series.frames.size(),
                         -series.SeriesNumberForOrdering());
}
} // namespace

std::vector<std::size_t>
RankSeries(const std::vector<DICOMSeries> & series)
{
  std::vector<std::size_t> order(series.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&series](std::size_t a, std::size_t b) {
    const auto suitabilityA = Suitability(series[a]);
    const auto suitabilityB = Suitability(series[b]);
    if (suitabilityA != suitabilityB)
    {
      return suitabilityA > suitabilityB;
    }
    return series[a].key < series[b].key;
  });
  return order;
}

const DICOMSeries &
ChooseSeries(const std::vector<DICOMSeries> & series, const std::string & requested, const std::string & root)
{
  if (series.empty())
  {
    throw Error(root, "no DICOM image series found", "run 'chestct series' on it to see what was skipped and why");
  }
  if (!requested.empty())
  {
    std::vector<const DICOMSeries *> matches;
    for (const DICOMSeries & candidate : series)
    {
      if (candidate.key == requested)
      {
        return candidate;
      }
      if (candidate.seriesInstanceUID == requested)
      {
        matches.push_back(&candidate);
      }
    }
    if (matches.size() == 1)
    {
      return *matches.front();
    }
    if (matches.empty())
    {
      throw Error(root, "no series with UID " + requested, "run 'chestct series' on it to list the series found");
    }
    throw Error(root,
                "series " + requested + " was split into " + std::to_string(matches.size()) +
                  " parts of different geometry",
                "choose one by its key (" + matches.front()->key + ", ...), listed by 'chestct series'");
  }
  const DICOMSeries & best = series[RankSeries(series).front()];
  if (best.modality != "CT")
  {
    std::set<std::string> modalities;
    for (const DICOMSeries & candidate : series)
    {
      modalities.insert(candidate.modality.empty() ? "(none)" : candidate.modality);
    }
    std::string found;
    for (const std::string & modality : modalities)
    {
      found += (found.empty() ? "" : ", ") + modality;
    }
    throw Error(root,
                "no CT series found (modalities present: " + found + ")",
                "Hounsfield units are defined for CT only; give a folder with a CT series");
  }
  return best;
}

} // namespace chestct
