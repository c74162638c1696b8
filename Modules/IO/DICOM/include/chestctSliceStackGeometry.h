#ifndef chestctSliceStackGeometry_h
#define chestctSliceStackGeometry_h

#include "chestctDICOMSeries.h"

#include <array>
#include <string>
#include <vector>

namespace chestct
{

/** How a finding about a series was handled. */
enum class FindingSeverity
{
  Note,      ///< worth knowing; nothing was changed
  Warning,   ///< the volume is usable but the user should know (e.g. no rescale tags)
  Corrected, ///< the stack was irregular and was resampled onto a regular grid
  Error      ///< the series cannot become a correct volume; nothing is written
};

const char *
ToString(FindingSeverity severity);

/** \brief One thing the geometry checks found. \ingroup ChestCTDICOM */
struct GeometryFinding
{
  std::string     code; ///< stable identifier: "gantry-tilt", "non-uniform-spacing", "missing-slices", ...
  FindingSeverity severity;
  std::string     message; ///< plain words, with the numbers
};

/** \brief A regular grid in patient space (LPS, mm). \ingroup ChestCTDICOM */
struct VolumeGrid
{
  std::array<double, 3>       origin{};    ///< centre of the first voxel
  std::array<double, 3>       spacing{};   ///< mm along the three axes
  std::array<unsigned int, 3> size{};      ///< voxels along the three axes
  std::array<double, 9>       direction{}; ///< row-major 3x3; column j is axis j's direction
};

/** \brief Where each slice of a series lies, and the volume it makes.
 *
 * Slices are ordered by their position along the slice normal, the cross
 * product of ImageOrientationPatient's row and column directions, projected
 * from ImagePositionPatient. InstanceNumber and SliceLocation are never used:
 * both lie on real data (feet-first series have SliceLocation reversed).
 *
 * \ingroup ChestCTDICOM */
struct SliceStackGeometry
{
  std::vector<std::size_t>           sliceOrder; ///< indices into DICOMSeries::frames, by increasing normal position
  std::vector<double>                slicePositions;    ///< each ordered slice's position along the normal, mm
  std::vector<std::array<double, 3>> sliceOrigins;      ///< each ordered slice's ImagePositionPatient
  std::vector<double>                rescaleSlopes;     ///< per ordered slice
  std::vector<double>                rescaleIntercepts; ///< per ordered slice

  std::array<double, 3> rowDirection{};     ///< direction of increasing column index
  std::array<double, 3> columnDirection{};  ///< direction of increasing row index
  std::array<double, 3> normal{};           ///< rowDirection x columnDirection
  double                columnSpacing{ 0 }; ///< mm between columns (PixelSpacing[1])
  double                rowSpacing{ 0 };    ///< mm between rows (PixelSpacing[0])

  double minimumGap{ 0 }; ///< between consecutive slices along the normal, mm
  double maximumGap{ 0 };
  double medianGap{ 0 };
  double maximumSpacingDeviation{ 0 }; ///< max |gap - median gap|, mm
  double tiltDegrees{ 0 };             ///< angle between the stack's direction and the slice normal

  /** True when the slices do not lie on a regular grid orthogonal to them
   * (gantry tilt, missing slices, non-uniform spacing): the volume is then
   * resampled onto `grid` by IrregularSliceStackResampleImageFilter. */
  bool       needsResampling{ false };
  VolumeGrid stackGrid; ///< the slices as acquired: one voxel layer per slice
  VolumeGrid grid;      ///< the output volume's grid (equal to stackGrid when no resampling is needed)

  std::vector<GeometryFinding> findings;
  std::vector<std::string>     droppedDuplicateFiles; ///< exact duplicates (same SOPInstanceUID) left out

  bool
  HasFinding(const std::string & code) const;
};

/** Orders a series' slices and checks its geometry.
 *
 * Decisions (documented in Documentation/DICOM.md):
 * - no ImagePositionPatient/ImageOrientationPatient/PixelSpacing, slices with
 *   different PixelSpacing, non-orthonormal orientation, a RescaleSlope of 0,
 *   or two different images at one position: Error (thrown as chestct::Error);
 * - the same SOPInstanceUID twice: the copy is dropped, Warning;
 * - a gap within 15% of a whole multiple (two or more) of the median spacing
 *   (missing slices), any other gap differing from the median by more than
 *   max(0.01 mm, 1%) (non-uniform spacing), or an in-plane drift of the slices over the
 *   stack of more than a tenth of a pixel (gantry tilt): Corrected, by
 *   resampling onto a grid orthogonal to the slices whose slice spacing is the
 *   smallest gap found, covering every slice's footprint;
 * - no rescale tags: Warning, slope 1 and intercept 0 assumed;
 * - a single slice: Warning, slice spacing taken from SliceThickness (else 1 mm).
 */
SliceStackGeometry
AnalyzeSliceStack(const DICOMSeries & series);

} // namespace chestct

#endif
