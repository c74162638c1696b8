#ifndef chestctDICOMSeries_h
#define chestctDICOMSeries_h

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chestct
{

/** \brief One 2D image in patient space: a single-frame file, or one frame of a multi-frame object.
 * \ingroup ChestCTDICOM */
struct DICOMFrame
{
  std::string  file;
  unsigned int frameIndex{ 0 }; ///< frame within the file (0 for single-frame files)
  std::string  sopInstanceUID;

  std::optional<std::array<double, 3>> imagePositionPatient; ///< mm, LPS
  std::optional<std::array<double, 6>> imageOrientationPatient;
  std::optional<std::array<double, 2>> pixelSpacing; ///< (between rows, between columns), mm
  std::optional<double>                rescaleSlope;
  std::optional<double>                rescaleIntercept;
  std::optional<double>                sliceLocation;  ///< kept for reporting only: never used for ordering
  std::optional<long>                  instanceNumber; ///< kept for reporting only: never used for ordering
  /** Why this frame must never become part of a volume, if it must not: the
   * file ends before its pixel data do (a cut-off copy), or a rescale value
   * is present but not a number. Empty for a sound frame. */
  std::string defect;
};

/** \brief A set of frames that can form one volume: one series, one geometry.
 *
 * Frames come from files sharing SeriesInstanceUID (or, when that is empty,
 * the fallback identity described in DICOMFolderScanner), modality, rows,
 * columns and orientation.
 * \ingroup ChestCTDICOM */
struct DICOMSeries
{
  std::string key; ///< unique within one scan; the SeriesInstanceUID unless a series had to be split or had none
  std::string seriesInstanceUID;
  std::string studyInstanceUID;
  std::string frameOfReferenceUID;
  std::string sopClassUID;
  std::string modality;
  std::string seriesDescription;
  std::string seriesNumber;
  std::string convolutionKernel;
  std::string manufacturer;
  std::string manufacturerModelName;
  std::string imageType; ///< values joined by backslashes, as in the file
  std::string bodyPartExamined;
  std::string patientPosition;
  std::string studyDate;
  std::string patientName; ///< identifying: written to outputs only on request
  std::string patientID;   ///< identifying: written to outputs only on request
  std::string transferSyntaxUID;

  unsigned int rows{ 0 };
  unsigned int columns{ 0 };
  unsigned int bitsAllocated{ 0 };
  unsigned int bitsStored{ 0 };
  unsigned int pixelRepresentation{ 0 }; ///< 0 unsigned, 1 two's complement
  unsigned int samplesPerPixel{ 1 };
  std::string  photometricInterpretation;

  std::optional<double>       sliceThickness;
  std::optional<double>       gantryDetectorTilt;
  std::optional<std::int32_t> pixelPaddingValue;
  std::optional<std::int32_t> pixelPaddingRangeLimit;

  bool                    multiFrame{ false }; ///< frames come from one multi-frame (Enhanced) object
  std::vector<DICOMFrame> frames;
  std::string             splitNote; ///< why this group was split from others of the same UID, if it was

  /** ImageType contains `value` (e.g. "LOCALIZER"). */
  bool
  HasImageType(const std::string & value) const;

  /** SeriesNumber as a number for ordering; series without one (or with text) come last. */
  long
  SeriesNumberForOrdering() const;
};

/** \brief A file the scan passed over, and why. \ingroup ChestCTDICOM */
struct SkippedFile
{
  std::string path;
  std::string reason;
};

/** \brief Everything found under one folder. \ingroup ChestCTDICOM */
struct DICOMScanResult
{
  std::string              root;
  std::size_t              filesExamined{ 0 };
  std::vector<DICOMSeries> series; ///< in a deterministic order (see DICOMFolderScanner)
  std::vector<SkippedFile> skipped;
};

} // namespace chestct

#endif
