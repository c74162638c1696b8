#include "chestctDICOMFolderScanner.h"
#include "chestctDICOMDataSetReader.h"
#include "chestctError.h"

#include "gdcmTrace.h"
#include "gdcmVersion.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>
#include <tuple>

namespace fs = std::filesystem;

namespace chestct
{
namespace
{

std::vector<std::string>
ListFiles(const std::string & root, std::vector<SkippedFile> & skipped)
{
  std::error_code error;
  const auto      status = fs::status(root, error);
  if (error || !fs::exists(status))
  {
    throw Error(root, "does not exist", "give a DICOM folder or file");
  }
  if (fs::is_regular_file(status))
  {
    return { root };
  }
  if (!fs::is_directory(status))
  {
    throw Error(root, "is neither a folder nor a regular file", "give a DICOM folder or file");
  }
  std::vector<std::string>         files;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, error);
  if (error)
  {
    throw Error(root, "cannot be listed: " + error.message(), "check the folder's permissions");
  }
  for (const fs::recursive_directory_iterator end; it != end; it.increment(error))
  {
    if (error)
    {
      throw Error(root, "listing failed: " + error.message(), "check the folder's permissions");
    }
    const fs::path &  path = it->path();
    const std::string name = path.filename().string();
    if (!name.empty() && name[0] == '.')
    {
      if (it->is_directory(error))
      {
        it.disable_recursion_pending();
      }
      else
      {
        skipped.push_back({ path.string(), "hidden file" });
      }
      continue;
    }
    if (it->is_regular_file(error))
    {
      files.push_back(path.string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

/** Rounded so that orientation cosines differing only by rounding noise group together. */
std::string
OrientationKey(const DICOMFrame & frame)
{
  if (!frame.imageOrientationPatient)
  {
    return "no-orientation";
  }
  std::ostringstream key;
  for (const double value : *frame.imageOrientationPatient)
  {
    key << std::lround(value * 1000.0) << ',';
  }
  return key.str();
}

std::string
IdentityKey(const DICOMSeries & file)
{
  if (!file.seriesInstanceUID.empty())
  {
    return file.seriesInstanceUID;
  }
  // No UID: fall back to what identifies an acquisition, and never reach across folders.
  const std::string folder = fs::path(file.frames.front().file).parent_path().string();
  return "no-series-uid:" + folder + "|" + file.studyInstanceUID + "|" + file.seriesNumber + "|" +
         file.seriesDescription + "|" + file.modality + "|" + file.frameOfReferenceUID;
}

std::string
GeometryKey(const DICOMSeries & file)
{
  std::ostringstream key;
  key << file.modality << '|' << file.rows << 'x' << file.columns << '|' << OrientationKey(file.frames.front());
  if (file.multiFrame)
  {
    key << "|multiframe:" << file.frames.front().file;
  }
  return key.str();
}

std::string
DescribeGeometry(const DICOMSeries & series)
{
  std::ostringstream text;
  text << series.modality << ' ' << series.rows << 'x' << series.columns;
  if (series.frames.front().imageOrientationPatient)
  {
    text << " orientation";
    for (const double value : *series.frames.front().imageOrientationPatient)
    {
      text << ' ' << std::round(value * 1000.0) / 1000.0;
    }
  }
  if (series.multiFrame)
  {
    text << " (multi-frame object " << fs::path(series.frames.front().file).filename().string() << ')';
  }
  return text.str();
}

} // namespace

DICOMScanResult
ScanDICOMFolder(const std::string & path)
{
  DICOMScanResult result;
  result.root = path;
  const std::vector<std::string> files = ListFiles(path, result.skipped);
  result.filesExamined = files.size() + result.skipped.size();

  // identity -> geometry -> the series being assembled
  std::map<std::string, std::map<std::string, DICOMSeries>> groups;
  for (const std::string & file : files)
  {
    auto header = ReadDICOMFileHeader(file);
    if (auto * skipped = std::get_if<SkippedFile>(&header))
    {
      result.skipped.push_back(std::move(*skipped));
      continue;
    }
    auto &            one = std::get<DICOMSeries>(header);
    const std::string identity = IdentityKey(one);
    const std::string geometry = GeometryKey(one);
    auto &            group = groups[identity];
    auto              found = group.find(geometry);
    if (found == group.end())
    {
      group.emplace(geometry, std::move(one));
    }
    else
    {
      auto & frames = found->second.frames;
      frames.insert(frames.end(), one.frames.begin(), one.frames.end());
    }
  }

  for (auto & [identity, byGeometry] : groups)
  {
    std::size_t part = 0;
    for (auto & [geometry, series] : byGeometry)
    {
      ++part;
      series.key = series.seriesInstanceUID.empty() ? "no-uid-" + std::to_string(result.series.size() + 1)
                                                    : series.seriesInstanceUID;
      if (byGeometry.size() > 1)
      {
        series.key += "#" + std::to_string(part);
        series.splitNote = "part " + std::to_string(part) + " of " + std::to_string(byGeometry.size()) +
                           " of one series split by geometry: " + DescribeGeometry(series);
      }
      result.series.push_back(std::move(series));
    }
  }
  std::stable_sort(result.series.begin(), result.series.end(), [](const DICOMSeries & a, const DICOMSeries & b) {
    return std::make_tuple(a.studyInstanceUID, a.SeriesNumberForOrdering(), a.key) <
           std::make_tuple(b.studyInstanceUID, b.SeriesNumberForOrdering(), b.key);
  });
  // Keys of series without a UID are numbered in the final order, so they do not depend on folder names.
  std::size_t unnamed = 0;
  for (DICOMSeries & series : result.series)
  {
    if (series.seriesInstanceUID.empty())
    {
      series.key =
        "no-uid-" + std::to_string(++unnamed) +
        (series.key.find('#') != std::string::npos ? series.key.substr(series.key.find('#')) : std::string());
    }
  }
  std::sort(result.skipped.begin(), result.skipped.end(), [](const SkippedFile & a, const SkippedFile & b) {
    return a.path < b.path;
  });
  return result;
}

void
SetGDCMWarningsEnabled(bool enabled)
{
  if (enabled)
  {
    gdcm::Trace::WarningOn();
  }
  else
  {
    gdcm::Trace::WarningOff();
  }
}

std::string
GDCMVersion()
{
  return gdcm::Version::GetVersion();
}

} // namespace chestct
