#ifndef chestctHounsfieldVolumeReader_h
#define chestctHounsfieldVolumeReader_h

#include "chestctDICOMSeries.h"
#include "chestctSliceStackGeometry.h"

#include "itkImage.h"
#include "itkImageSource.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace chestct
{

/** \brief How stored values become Hounsfield units. \ingroup ChestCTDICOM */
struct HounsfieldConversionOptions
{
  /** Value written where the scanner stored padding (outside the scan circle). Air by default. */
  short paddingOutputValue{ -1024 };
  /** Map padding at all (PixelPaddingValue, and the -2000 convention below). */
  bool mapPadding{ true };
  /** With no PixelPaddingValue tag, treat a stored -2000 as padding, as the
   * seed tutorial does: several scanners write it outside the scan circle
   * without saying so. Only for signed pixel data, where -2000 can occur. */
  bool assumeMinus2000Padding{ true };
  /** The most memory conversion may take, in bytes; 0 means the machine's
   * physical memory. Checked before anything is allocated, so a header
   * claiming an absurd size is refused rather than exhausting the machine. */
  std::uint64_t memoryLimitBytes{ 0 };
};

/** \brief The padding range actually used, and where it came from. \ingroup ChestCTDICOM */
struct PaddingDecision
{
  std::optional<std::int32_t> lowerBound; ///< stored values; empty when no padding is mapped
  std::optional<std::int32_t> upperBound;
  std::string                 source; ///< "PixelPaddingValue", "PixelPaddingValue and PixelPaddingRangeLimit",
                                      ///< "assumed -2000 (no padding tag)", or "none"
};

/** Decides the padding range for a series under the given options. */
PaddingDecision
DecidePadding(const DICOMSeries & series, const HounsfieldConversionOptions & options);

/** \class HounsfieldVolumeReader
 * \brief The pipeline from a DICOM CT series to an int16 Hounsfield-unit volume in patient space.
 *
 * itk::DICOMSliceStackImageSource (stored values, slices in geometric order)
 * feeds itk::HounsfieldUnitRescaleImageFilter (each slice's own slope and
 * intercept, padding to air), and, when the stack is irregular (tilt, gaps,
 * non-uniform spacing), itk::IrregularSliceStackResampleImageFilter puts it
 * on a regular grid. Rescaling comes before resampling so that slices with
 * different slopes are never mixed as stored values.
 *
 * GetOutput() is the end of the pipeline, not yet updated: connect a writer
 * or any filter to it and the pipeline streams. Read() returns the whole
 * volume, made in slabs of SlicesPerSlab slices so that the 32-bit stored
 * values of one slab only are held beside it.
 *
 * Refuses (chestct::Error), before allocating anything, non-CT series,
 * non-greyscale data, and volumes whose conversion would need more memory
 * than HounsfieldConversionOptions::memoryLimitBytes.
 *
 * \ingroup ChestCTDICOM
 */
class HounsfieldVolumeReader
{
public:
  using ImageType = itk::Image<short, 3>;
  using StoredImageType = itk::Image<std::int32_t, 3>;

  HounsfieldVolumeReader(const DICOMSeries & series, const SliceStackGeometry & geometry,
                         const HounsfieldConversionOptions & options = {});
  ~HounsfieldVolumeReader();

  /** Read() makes the volume in slabs of this many slices (one piece when it has no more). */
  static constexpr unsigned int SlicesPerSlab = 16;

  /** Bytes Read() holds at its peak: the volume, and the stored values and HU of one slab (of the whole
   * stack when it is one slab, and then also the resampled grid if any). */
  static std::uint64_t
  EstimateMemory(const SliceStackGeometry & geometry);
  HounsfieldVolumeReader(const HounsfieldVolumeReader &) = delete;
  HounsfieldVolumeReader &
  operator=(const HounsfieldVolumeReader &) = delete;

  /** The end of the pipeline (not updated). */
  ImageType *
  GetOutput();

  /** Runs the whole pipeline and returns the volume; throws chestct::Error on unreadable data. */
  ImageType::Pointer
  Read();

  const PaddingDecision &
  Padding() const
  {
    return m_Padding;
  }

private:
  struct Pipeline;
  std::unique_ptr<Pipeline> m_Pipeline;
  PaddingDecision           m_Padding;
  unsigned int              m_Slabs{ 1 };
};

} // namespace chestct

#endif
