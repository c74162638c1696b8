#include "chestctSeriesSidecar.h"
#include "chestctVersion.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace chestct
{

void
WriteSeriesIdentity(JSONWriter & json, const DICOMSeries & series, bool includePatientIdentity)
{
  json.BeginObject()
    .Field("key", series.key)
    .Field("series_instance_uid", series.seriesInstanceUID)
    .Field("study_instance_uid", series.studyInstanceUID)
    .Field("frame_of_reference_uid", series.frameOfReferenceUID)
    .Field("sop_class_uid", series.sopClassUID)
    .Field("modality", series.modality)
    .Field("series_description", series.seriesDescription)
    .Field("series_number", series.seriesNumber)
    .Field("convolution_kernel", series.convolutionKernel)
    .Field("manufacturer", series.manufacturer)
    .Field("manufacturer_model_name", series.manufacturerModelName)
    .Field("image_type", series.imageType)
    .Field("body_part_examined", series.bodyPartExamined)
    .Field("patient_position", series.patientPosition)
    .Field("transfer_syntax_uid", series.transferSyntaxUID)
    .Field("rows", series.rows)
    .Field("columns", series.columns)
    .Field("frames", series.frames.size())
    .Field("multi_frame", series.multiFrame)
    .Field("bits_stored", series.bitsStored)
    .Field("signed_pixels", series.pixelRepresentation == 1);
  json.Key("slice_thickness");
  series.sliceThickness ? json.Value(*series.sliceThickness) : json.Null();
  if (const auto & spacing = series.frames.front().pixelSpacing)
  {
    json.Key("pixel_spacing").Array(*spacing);
  }
  if (const auto & orientation = series.frames.front().imageOrientationPatient)
  {
    json.Key("image_orientation_patient").Array(*orientation);
  }
  if (!series.splitNote.empty())
  {
    json.Field("split_note", series.splitNote);
  }
  if (includePatientIdentity)
  {
    json.Key("patient")
      .BeginObject()
      .Field("name", series.patientName)
      .Field("id", series.patientID)
      .Field("study_date", series.studyDate);
    json.EndObject();
  }
  json.EndObject();
}

void
WriteGeometry(JSONWriter & json, const SliceStackGeometry & geometry)
{
  json.BeginObject().Field("space", "LPS");
  json.Key("origin").Array(geometry.grid.origin);
  json.Key("spacing").Array(geometry.grid.spacing);
  json.Key("size").Array(geometry.grid.size);
  json.Key("direction").Array(geometry.grid.direction);
  json.Field("slices_used", geometry.sliceOrder.size());
  json.Key("slice_gap_mm")
    .BeginObject()
    .Field("minimum", geometry.minimumGap)
    .Field("median", geometry.medianGap)
    .Field("maximum", geometry.maximumGap)
    .Field("maximum_deviation", geometry.maximumSpacingDeviation)
    .EndObject();
  json.Field("tilt_degrees", geometry.tiltDegrees).Field("resampled", geometry.needsResampling);
  json.EndObject();
}

void
WriteFindings(JSONWriter & json, const std::vector<GeometryFinding> & findings)
{
  json.BeginArray();
  for (const GeometryFinding & finding : findings)
  {
    json.BeginObject()
      .Field("code", finding.code)
      .Field("severity", ToString(finding.severity))
      .Field("message", finding.message)
      .EndObject();
  }
  json.EndArray();
}

void
WriteSkippedFiles(JSONWriter & json, const std::vector<SkippedFile> & skipped)
{
  json.BeginArray();
  for (const SkippedFile & file : skipped)
  {
    json.BeginObject().Field("file", file.path).Field("reason", file.reason).EndObject();
  }
  json.EndArray();
}

std::string
ConversionSidecar(const ConversionRecord & record)
{
  std::ostringstream text;
  JSONWriter         json(text);
  const auto &       geometry = *record.geometry;
  json.BeginObject().Field("chestct_version", Version());
  json.Key("output")
    .BeginObject()
    .Field("file", std::filesystem::path(record.outputFile).filename().string())
    .Field("pixel_type", "int16")
    .Field("units", "HU")
    .EndObject();
  json.Key("series");
  WriteSeriesIdentity(json, *record.series, record.includePatientIdentity);
  json.Key("geometry");
  WriteGeometry(json, geometry);

  const auto [minSlope, maxSlope] = std::minmax_element(geometry.rescaleSlopes.begin(), geometry.rescaleSlopes.end());
  const auto [minIntercept, maxIntercept] =
    std::minmax_element(geometry.rescaleIntercepts.begin(), geometry.rescaleIntercepts.end());
  json.Key("hounsfield").BeginObject();
  json.Key("rescale_slope_range").BeginArray().Value(*minSlope).Value(*maxSlope).EndArray();
  json.Key("rescale_intercept_range").BeginArray().Value(*minIntercept).Value(*maxIntercept).EndArray();
  json.Key("padding").BeginObject().Field("source", record.padding.source);
  json.Key("stored_range");
  if (record.padding.lowerBound)
  {
    json.BeginArray().Value(*record.padding.lowerBound).Value(*record.padding.upperBound).EndArray();
  }
  else
  {
    json.Null();
  }
  json.Field("output_value", static_cast<int>(record.options.paddingOutputValue)).EndObject();
  json.EndObject();

  json.Key("findings");
  WriteFindings(json, geometry.findings);
  json.Key("input").BeginObject().Field("path", record.scan->root).Field("files_examined", record.scan->filesExamined);
  json.Field("series_found", record.scan->series.size());
  json.Key("skipped");
  WriteSkippedFiles(json, record.scan->skipped);
  json.Key("duplicates_left_out").Array(geometry.droppedDuplicateFiles);
  json.EndObject();
  json.EndObject();
  return text.str();
}

} // namespace chestct
