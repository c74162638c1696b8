#include "chestctRunSummary.h"

#include "chestctNumberText.h"
#include "chestctJSONWriter.h"
#include "chestctMarkup.h"
#include "chestctSeriesSidecar.h"

#include <fstream>
#include <sstream>

namespace chestct
{
namespace
{

std::string
ReadWholeFile(const std::string & path)
{
  std::ifstream      stream(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << stream.rdbuf();
  return bytes.str();
}

std::string
Base64OfFile(const std::string & path)
{
  const std::string bytes = ReadWholeFile(path);
  return EncodeBase64(bytes.data(), bytes.size());
}

std::string
FileOfRole(const RunSummary & summary, const std::string & role)
{
  for (const auto & [r, file] : summary.files)
  {
    if (r == role)
    {
      return file;
    }
  }
  return {};
}

// An <img> with the PNG embedded, or a line saying why there is none.
std::string
EmbeddedPNG(const std::string & folder, const std::string & file, const std::string & alt)
{
  if (file.empty())
  {
    return "<p class=\"missing\">Not made in this run (see the notes).</p>\n";
  }
  return "<img alt=\"" + EscapeMarkup(alt) + "\" src=\"data:image/png;base64," + Base64OfFile(folder + "/" + file) +
         "\">\n";
}
} // namespace

std::string
SummaryJSON(const RunSummary & s)
{
  std::ostringstream text;
  JSONWriter         json(text);
  json.BeginObject();
  json.Field("schema", "chestct-run-summary/1").Field("tool", "chestct run").Field("version", s.version);
  json.Field("input", s.input).Field("started_at", s.startedAt);
  json.Key("series").BeginObject();
  json.Field("key", s.series.key).Field("series_instance_uid", s.series.seriesInstanceUID);
  json.Field("study_instance_uid", s.series.studyInstanceUID).Field("description", s.series.description);
  json.Field("modality", s.series.modality).Field("manufacturer", s.series.manufacturer);
  json.Field("model", s.series.model).Field("kernel", s.series.kernel).Field("body_part", s.series.bodyPart);
  json.Field("patient_position", s.series.patientPosition).Field("study_date", s.series.studyDate);
  json.Field("transfer_syntax_uid", s.series.transferSyntax).Field("slices", s.series.slices);
  json.EndObject();
  json.Key("geometry").BeginObject();
  json.Key("size").Array(s.grid.size).Key("spacing_mm").Array(s.grid.spacing).Key("origin_mm").Array(s.grid.origin);
  json.Key("direction").Array(s.grid.direction);
  json.Key("resampled_size").Array(s.resampledSize).Key("resampled_spacing_mm").Array(s.resampledSpacing);
  json.EndObject();
  json.Key("checks");
  WriteFindings(json, s.findings);
  json.Key("histogram").BeginObject().Field("padding_voxels", s.paddingVoxels).Field("padding_note", s.paddingNote);
  json.EndObject();
  json.Key("lungs").BeginObject();
  json.Field("method", "robust").Field("right_ml", s.rightLungVolume).Field("left_ml", s.leftLungVolume);
  json.Field("total_ml", s.rightLungVolume + s.leftLungVolume);
  json.Field("air_threshold_hu", s.lungReport.airThreshold).Field("trachea_found", s.lungReport.tracheaFound);
  json.Field("airway_volume_ml", s.lungReport.airwayVolume);
  json.Field("lungs_separated_by_erosion", s.lungReport.lungsSeparated);
  json.Key("notes").Array(s.lungReport.notes);
  json.EndObject();
  json.Key("meshes").BeginArray();
  for (const RunSummary::Mesh & mesh : s.meshes)
  {
    json.BeginObject().Field("name", mesh.name).Field("file", mesh.file).Field("threshold", mesh.threshold);
    json.Field("points", mesh.points).Field("triangles", mesh.triangles).Field("area_mm2", mesh.area);
    json.Key("still");
    mesh.still.empty() ? json.Null() : json.Value(mesh.still);
    json.Key("html");
    mesh.html.empty() ? json.Null() : json.Value(mesh.html);
    json.EndObject();
  }
  json.EndArray();
  json.Key("stages").BeginArray();
  for (const RunSummary::Stage & stage : s.stages)
  {
    json.BeginObject()
      .Field("name", stage.name)
      .Field("seconds", stage.seconds)
      .Field("result", stage.result)
      .EndObject();
  }
  json.EndArray();
  json.Field("total_seconds", s.totalSeconds).Field("peak_memory_mb", s.peakMemoryMB);
  json.Key("files").BeginObject();
  for (const auto & [role, file] : s.files)
  {
    json.Field(role, file);
  }
  json.EndObject();
  json.Key("versions").BeginObject();
  for (const auto & [library, version] : s.versions)
  {
    json.Field(library, version);
  }
  json.EndObject();
  json.Key("notes").Array(s.notes);
  json.EndObject();
  text << "\n";
  return text.str();
}

std::string
ReportHTML(const RunSummary & s, const std::string & folder)
{
  std::ostringstream html;
  const std::string  title = s.series.description.empty() ? s.input : s.series.description;
  html << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>ChestCT report: "
       << EscapeMarkup(title) << "</title>\n<style>\n"
       << "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
          "h1{margin-bottom:0}.sub{color:#666;margin-top:.2em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;"
          "margin-top:2em}table{border-collapse:collapse}td,th{padding:.25em .8em;border-bottom:1px solid #eee;"
          "text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}img,svg{max-width:100%;height:auto}"
          ".warning{color:#8a5a00}.error{color:#a00}.missing{color:#888;font-style:italic}"
          ".pair{display:flex;gap:1em;flex-wrap:wrap}.pair>div{flex:1;min-width:300px}\n"
       << "</style>\n</head>\n<body>\n";
  html << "<h1>" << EscapeMarkup(title) << "</h1>\n<p class=\"sub\">ChestCT " << EscapeMarkup(s.version)
       << " &middot; run " << EscapeMarkup(s.startedAt) << " &middot; " << FormatFixed(s.totalSeconds, 1) << " s</p>\n";

  html << "<h2>The series</h2>\n<table>\n";
  const auto row = [&](const std::string & name, const std::string & value) {
    if (!value.empty())
      html << "<tr><th>" << name << "</th><td>" << EscapeMarkup(value) << "</td></tr>\n";
  };
  row("Input", s.input);
  row("Modality", s.series.modality);
  row("Scanner", s.series.manufacturer + (s.series.model.empty() ? "" : " " + s.series.model));
  row("Kernel", s.series.kernel);
  row("Body part", s.series.bodyPart);
  row("Patient position", s.series.patientPosition);
  row("Study date", s.series.studyDate);
  row("Series UID", s.series.seriesInstanceUID);
  row("Slices", std::to_string(s.series.slices));
  row("Volume",
      std::to_string(s.grid.size[0]) + " x " + std::to_string(s.grid.size[1]) + " x " + std::to_string(s.grid.size[2]) +
        " voxels of " + FormatFixed(s.grid.spacing[0], 3) + " x " + FormatFixed(s.grid.spacing[1], 3) + " x " +
        FormatFixed(s.grid.spacing[2], 3) + " mm");
  html << "</table>\n<h3>Checks</h3>\n";
  if (s.findings.empty())
  {
    html << "<p>The slices form a regular stack: no gap, tilt, duplicate or uneven spacing.</p>\n";
  }
  else
  {
    html << "<ul>\n";
    for (const GeometryFinding & finding : s.findings)
    {
      const std::string severity = ToString(finding.severity);
      html << "<li class=\"" << EscapeMarkup(severity) << "\"><b>" << EscapeMarkup(severity) << ":</b> "
           << EscapeMarkup(finding.message) << "</li>\n";
    }
    html << "</ul>\n";
  }

  html << "<h2>Hounsfield units</h2>\n<p>The distribution of the voxels' HU, with the reference tissue bands. "
       << EscapeMarkup(s.paddingNote) << "</p>\n";
  const std::string histogram = FileOfRole(s, "histogram_svg");
  if (!histogram.empty())
  {
    std::string svg = ReadWholeFile(folder + "/" + histogram);
    const auto  start = svg.find("<svg");
    html << (start == std::string::npos ? svg : svg.substr(start)) << "\n";
  }
  html << "<h2>Slices</h2>\n<p>36 axial slices spread evenly over the stack, lung window; the patient's right on the "
          "image left.</p>\n"
       << EmbeddedPNG(folder, FileOfRole(s, "montage"), "axial montage");

  html << "<h2>Isotropic resampling</h2>\n<p>Resampled to " << s.resampledSize[0] << " x " << s.resampledSize[1]
       << " x " << s.resampledSize[2] << " voxels of " << FormatFixed(s.resampledSpacing[0], 2)
       << " mm, linear interpolation, the same patient-space extent.</p>\n";

  html << "<h2>Lungs</h2>\n<table>\n<tr><th></th><th>Volume</th></tr>\n<tr><td>Right lung</td><td class=\"n\">"
       << FormatFixed(s.rightLungVolume, 0) << " mL</td></tr>\n<tr><td>Left lung</td><td class=\"n\">"
       << FormatFixed(s.leftLungVolume, 0) << " mL</td></tr>\n<tr><td><b>Both</b></td><td class=\"n\"><b>"
       << FormatFixed(s.rightLungVolume + s.leftLungVolume, 0) << " mL</b></td></tr>\n</table>\n";
  html << "<p>Robust method: air below " << FormatFixed(s.lungReport.airThreshold, 0)
       << " HU (learned from the image); "
       << (s.lungReport.tracheaFound
             ? "the trachea was found and " + FormatFixed(s.lungReport.airwayVolume, 0) + " mL of airway removed"
             : "no trachea was found, so the airways were not removed by growing")
       << (s.lungReport.lungsSeparated ? "; the lungs touched and were cut apart" : "") << ".</p>\n";
  if (!s.lungReport.notes.empty())
  {
    html << "<ul>\n";
    for (const std::string & note : s.lungReport.notes)
      html << "<li>" << EscapeMarkup(note) << "</li>\n";
    html << "</ul>\n";
  }
  html << "<h3>Segmentation steps</h3>\n" << EmbeddedPNG(folder, FileOfRole(s, "lung_steps"), "segmentation steps");
  html << "<h3>The lungs alone</h3>\n<p>The CT with everything outside the lungs set to air (right lung red, left "
          "green).</p>\n"
       << EmbeddedPNG(folder, FileOfRole(s, "masked_montage"), "masked montage");

  html << "<h2>3D views</h2>\n<div class=\"pair\">\n";
  for (const RunSummary::Mesh & mesh : s.meshes)
  {
    html << "<div><h3>" << EscapeMarkup(mesh.title) << "</h3>\n"
         << EmbeddedPNG(folder, mesh.still, mesh.title) << "<p>" << mesh.triangles << " triangles, " << mesh.points
         << " points, surface " << FormatFixed(mesh.area / 100.0, 0) << " cm&sup2;. Mesh: <code>"
         << EscapeMarkup(mesh.file) << "</code>.";
    if (!mesh.html.empty())
    {
      html << " <a href=\"" << EscapeMarkup(mesh.html) << "\">Open the interactive view</a>.";
    }
    html << "</p></div>\n";
  }
  html << "</div>\n";

  html << "<h2>Timings</h2>\n<table>\n<tr><th>Stage</th><th>Seconds</th><th>Result</th></tr>\n";
  for (const RunSummary::Stage & stage : s.stages)
  {
    html << "<tr><td>" << EscapeMarkup(stage.name) << "</td><td class=\"n\">" << FormatFixed(stage.seconds, 2)
         << "</td><td>" << EscapeMarkup(stage.result) << "</td></tr>\n";
  }
  html << "<tr><td><b>Total</b></td><td class=\"n\"><b>" << FormatFixed(s.totalSeconds, 2)
       << "</b></td><td>peak memory " << FormatFixed(s.peakMemoryMB, 0) << " MB</td></tr>\n</table>\n";
  if (!s.notes.empty())
  {
    html << "<h2>Notes</h2>\n<ul>\n";
    for (const std::string & note : s.notes)
      html << "<li>" << EscapeMarkup(note) << "</li>\n";
    html << "</ul>\n";
  }
  html << "<h2>Files and versions</h2>\n<table>\n";
  for (const auto & [role, file] : s.files)
    html << "<tr><td>" << EscapeMarkup(role) << "</td><td><code>" << EscapeMarkup(file) << "</code></td></tr>\n";
  html << "</table>\n<p>";
  for (const auto & [library, version] : s.versions)
    html << EscapeMarkup(library) << " " << EscapeMarkup(version) << " &middot; ";
  html << "summary for machines: <code>summary.json</code>.</p>\n</body>\n</html>\n";
  return html.str();
}

} // namespace chestct
