#ifndef chestctSeriesSidecar_h
#define chestctSeriesSidecar_h

#include "chestctDICOMSeries.h"
#include "chestctHounsfieldVolumeReader.h"
#include "chestctJSONWriter.h"
#include "chestctSliceStackGeometry.h"

#include <string>

namespace chestct
{

/** Writes a series' identity as a JSON object: UIDs, modality, description,
 * kernel, manufacturer, image type, size. The patient's name and ID only when
 * `includePatientIdentity` is set. \ingroup ChestCTDICOM */
void
WriteSeriesIdentity(JSONWriter & json, const DICOMSeries & series, bool includePatientIdentity);

/** Writes the geometry checks' results as a JSON object: the output grid in
 * LPS, slice spacing statistics, tilt, and whether the stack was resampled. */
void
WriteGeometry(JSONWriter & json, const SliceStackGeometry & geometry);

/** Writes the findings as a JSON array of {code, severity, message}. */
void
WriteFindings(JSONWriter & json, const std::vector<GeometryFinding> & findings);

/** Writes the files a scan passed over as a JSON array of {file, reason}. */
void
WriteSkippedFiles(JSONWriter & json, const std::vector<SkippedFile> & skipped);

/** \brief What one conversion did, for its JSON sidecar. \ingroup ChestCTDICOM */
struct ConversionRecord
{
  const DICOMScanResult *     scan{ nullptr };
  const DICOMSeries *         series{ nullptr };
  const SliceStackGeometry *  geometry{ nullptr };
  PaddingDecision             padding;
  HounsfieldConversionOptions options;
  std::string                 outputFile;
  bool                        includePatientIdentity{ false };
};

/** The JSON sidecar of a converted volume (schema in Documentation/DICOM.md). */
std::string
ConversionSidecar(const ConversionRecord & record);

} // namespace chestct

#endif
