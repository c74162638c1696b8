#include "chestctArgumentParser.h"
#include "chestctNumberText.h"
#include "chestctCommands.h"
#include "chestctDICOMFolderScanner.h"
#include "chestctDICOMSeriesSelection.h"
#include "chestctError.h"
#include "chestctJSONWriter.h"
#include "chestctSeriesSidecar.h"
#include "chestctSliceStackGeometry.h"

#include <map>
#include <optional>

namespace chestct
{
namespace
{

std::string
OrientationName(const DICOMSeries & series)
{
  const auto & iop = series.frames.front().imageOrientationPatient;
  if (!iop)
  {
    return "unknown";
  }
  const auto & o = *iop;
  const double normal[3] = { o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3] };
  const char * names[3] = { "sagittal", "coronal", "axial" };
  int          largest = 0;
  for (int i = 1; i < 3; ++i)
  {
    if (std::abs(normal[i]) > std::abs(normal[largest]))
    {
      largest = i;
    }
  }
  return std::abs(normal[largest]) > 0.999 ? names[largest] : std::string("oblique ") + names[largest];
}

/** The geometry, or the reason there is none, for listing: a listing never fails on one bad series. */
struct GeometryOrError
{
  std::optional<SliceStackGeometry> geometry;
  std::string                       error;
};

GeometryOrError
TryGeometry(const DICOMSeries & series)
{
  try
  {
    return { AnalyzeSliceStack(series), {} };
  }
  catch (const Error & error)
  {
    return { std::nullopt, error.what() };
  }
}

} // namespace

int
RunSeriesCommand(const std::vector<std::string> & arguments, std::ostream & out, std::ostream & err)
{
  ArgumentParser parser("series",
                        "List every image series found under a folder (searched recursively, files of any "
                        "name) and mark with * the one 'chestct convert' would choose.");
  parser.Positional("DIR", "a folder of DICOM files (or one DICOM file)")
    .Flag("--json", "print the listing as JSON")
    .Flag("--include-patient", "include the patient's name and ID (left out by default)")
    .Epilog("The choice: CT first, then not a localizer, ORIGINAL\\PRIMARY, axial, most slices; ties go to the lower "
            "SeriesNumber, then the smaller series key.");
  if (!parser.Parse(arguments, out))
  {
    return 0;
  }
  const DICOMScanResult      scan = ScanDICOMFolder(parser.Get("DIR"));
  std::optional<std::size_t> chosen;
  for (const std::size_t index : RankSeries(scan.series))
  {
    if (scan.series[index].modality == "CT")
    {
      chosen = index;
    }
    break;
  }

  if (parser.Given("--json"))
  {
    JSONWriter json(out);
    json.BeginObject().Field("path", scan.root).Field("files_examined", scan.filesExamined);
    json.Key("chosen");
    chosen ? json.Value(scan.series[*chosen].key) : json.Null();
    json.Key("series").BeginArray();
    for (std::size_t i = 0; i < scan.series.size(); ++i)
    {
      const DICOMSeries &   series = scan.series[i];
      const GeometryOrError result = TryGeometry(series);
      json.BeginObject().Field("chosen", chosen && *chosen == i).Field("orientation", OrientationName(series));
      json.Key("identity");
      WriteSeriesIdentity(json, series, parser.Given("--include-patient"));
      if (result.geometry)
      {
        json.Key("geometry");
        WriteGeometry(json, *result.geometry);
        json.Key("findings");
        WriteFindings(json, result.geometry->findings);
      }
      else
      {
        json.Field("geometry_error", result.error);
      }
      json.EndObject();
    }
    json.EndArray();
    json.Key("skipped");
    WriteSkippedFiles(json, scan.skipped);
    json.EndObject();
    return 0;
  }

  out << scan.root << ": " << scan.series.size() << " image series in " << scan.filesExamined << " files";
  if (!scan.skipped.empty())
  {
    out << " (" << scan.skipped.size() << " skipped)";
  }
  out << "\n";
  for (std::size_t i = 0; i < scan.series.size(); ++i)
  {
    const DICOMSeries &   series = scan.series[i];
    const GeometryOrError result = TryGeometry(series);
    const DICOMFrame &    first = series.frames.front();
    out << "\n" << (chosen && *chosen == i ? "* " : "  ") << series.key << "\n";
    out << "    " << (series.modality.empty() ? "(no modality)" : series.modality) << "  \"" << series.seriesDescription
        << "\"  series " << (series.seriesNumber.empty() ? "?" : series.seriesNumber) << "\n";
    out << "    " << series.frames.size() << (series.multiFrame ? " frames" : " slices") << " of " << series.columns
        << " x " << series.rows;
    if (first.pixelSpacing)
    {
      out << " at " << FormatFixed((*first.pixelSpacing)[1], 3) << " x " << FormatFixed((*first.pixelSpacing)[0], 3)
          << " mm";
    }
    if (result.geometry && result.geometry->sliceOrder.size() > 1)
    {
      out << ", slices " << FormatFixed(result.geometry->medianGap, 3) << " mm apart";
    }
    out << ", " << OrientationName(series) << "\n";
    out << "    kernel " << (series.convolutionKernel.empty() ? "-" : series.convolutionKernel) << ", image type "
        << (series.imageType.empty() ? "-" : series.imageType) << "\n";
    if (!series.splitNote.empty())
    {
      out << "    " << series.splitNote << "\n";
    }
    if (result.geometry)
    {
      for (const GeometryFinding & finding : result.geometry->findings)
      {
        out << "    " << ToString(finding.severity) << ": " << finding.message << "\n";
      }
    }
    else
    {
      out << "    cannot become a volume: " << result.error << "\n";
    }
  }
  if (!scan.skipped.empty())
  {
    // Grouped by reason: a folder of 500 non-DICOM files is one line, with an example.
    std::map<std::string, std::vector<std::string>> byReason;
    for (const SkippedFile & skipped : scan.skipped)
    {
      byReason[skipped.reason].push_back(skipped.path);
    }
    out << "\nskipped:\n";
    for (const auto & [reason, files] : byReason)
    {
      out << "  " << files.size() << " x " << reason << ": " << files.front() << (files.size() > 1 ? ", ..." : "")
          << "\n";
    }
  }
  if (!chosen)
  {
    err << "chestct series: no CT series here; 'chestct convert' would refuse this folder\n";
  }
  return 0;
}

} // namespace chestct
