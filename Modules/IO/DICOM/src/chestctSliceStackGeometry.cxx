#include "chestctSliceStackGeometry.h"

#include "chestctError.h"
#include "chestctNumberText.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace chestct
{
namespace
{

using Vector = std::array<double, 3>;

double
Dot(const Vector & a, const Vector & b)
{
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

Vector
Cross(const Vector & a, const Vector & b)
{
  return { a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0] };
}

Vector
Subtract(const Vector & a, const Vector & b)
{
  return { a[0] - b[0], a[1] - b[1], a[2] - b[2] };
}

Vector
Scale(const Vector & a, double s)
{
  return { a[0] * s, a[1] * s, a[2] * s };
}

double
Norm(const Vector & a)
{
  return std::sqrt(Dot(a, a));
}

void
Add(SliceStackGeometry & geometry, const char * code, FindingSeverity severity, const std::string & message)
{
  geometry.findings.push_back({ code, severity, message });
}

VolumeGrid
MakeGrid(const Vector & origin, const SliceStackGeometry & g, double sliceSpacing, unsigned int nx, unsigned int ny,
         unsigned int nz)
{
  VolumeGrid grid;
  grid.origin = origin;
  grid.spacing = { g.columnSpacing, g.rowSpacing, sliceSpacing };
  grid.size = { nx, ny, nz };
  for (unsigned int i = 0; i < 3; ++i)
  {
    grid.direction[i * 3 + 0] = g.rowDirection[i];
    grid.direction[i * 3 + 1] = g.columnDirection[i];
    grid.direction[i * 3 + 2] = g.normal[i];
  }
  return grid;
}

/** Unit row and column directions from ImageOrientationPatient, made exactly
 * orthonormal when they are so within rounding; Error otherwise. */
void
SetOrientation(SliceStackGeometry & geometry, const std::array<double, 6> & iop, const std::string & file)
{
  Vector       row{ iop[0], iop[1], iop[2] };
  Vector       column{ iop[3], iop[4], iop[5] };
  const double rowNorm = Norm(row);
  const double columnNorm = Norm(column);
  if (std::abs(rowNorm - 1.0) > 0.01 || std::abs(columnNorm - 1.0) > 0.01 ||
      std::abs(Dot(row, column)) > 0.01 * rowNorm * columnNorm)
  {
    throw Error(file,
                "ImageOrientationPatient is not two orthogonal unit vectors",
                "the file's geometry is damaged; it cannot be placed in patient space");
  }
  row = Scale(row, 1.0 / rowNorm);
  column = Subtract(column, Scale(row, Dot(row, column))); // Gram-Schmidt: removes rounding noise
  column = Scale(column, 1.0 / Norm(column));
  geometry.rowDirection = row;
  geometry.columnDirection = column;
  geometry.normal = Cross(row, column);
}

} // namespace

const char *
ToString(FindingSeverity severity)
{
  switch (severity)
  {
    case FindingSeverity::Note:
      return "note";
    case FindingSeverity::Warning:
      return "warning";
    case FindingSeverity::Corrected:
      return "corrected";
    case FindingSeverity::Error:
      return "error";
  }
  return "unknown";
}

bool
SliceStackGeometry::HasFinding(const std::string & code) const
{
  return std::any_of(findings.begin(), findings.end(), [&code](const GeometryFinding & f) { return f.code == code; });
}

SliceStackGeometry
AnalyzeSliceStack(const DICOMSeries & series)
{
  if (series.frames.empty())
  {
    throw Error(series.key, "the series has no images");
  }
  SliceStackGeometry geometry;
  const DICOMFrame & first = series.frames.front();
  for (const DICOMFrame & frame : series.frames)
  {
    const std::string where =
      frame.file + (series.multiFrame ? " (frame " + std::to_string(frame.frameIndex + 1) + ")" : std::string());
    if (!frame.defect.empty())
    {
      throw Error(where, frame.defect, "the file is damaged: copy or export the series again");
    }
    if (!frame.imagePositionPatient || !frame.imageOrientationPatient)
    {
      throw Error(where,
                  "no usable ImagePositionPatient/ImageOrientationPatient: the image cannot be placed in patient space",
                  "this is not a cross-sectional image series (a secondary capture or a damaged export?)");
    }
    if (!frame.pixelSpacing || (*frame.pixelSpacing)[0] <= 0.0 || (*frame.pixelSpacing)[1] <= 0.0)
    {
      throw Error(where, "no usable PixelSpacing (missing, zero or negative)", "the export is damaged or incomplete");
    }
    if (std::abs((*frame.pixelSpacing)[0] - (*first.pixelSpacing)[0]) > 1e-4 ||
        std::abs((*frame.pixelSpacing)[1] - (*first.pixelSpacing)[1]) > 1e-4)
    {
      throw Error(where,
                  "PixelSpacing " + FormatFixed((*frame.pixelSpacing)[0], 4) + "\\" +
                    FormatFixed((*frame.pixelSpacing)[1], 4) + " differs from " +
                    FormatFixed((*first.pixelSpacing)[0], 4) + "\\" + FormatFixed((*first.pixelSpacing)[1], 4) +
                    " in " + first.file,
                  "slices of one volume must share their pixel spacing; the series mixes reconstructions");
    }
    if (frame.rescaleSlope && (*frame.rescaleSlope == 0.0))
    {
      throw Error(where, "RescaleSlope is 0, so every pixel would have the same value", "the export is damaged");
    }
  }
  SetOrientation(geometry, *first.imageOrientationPatient, first.file);
  geometry.rowSpacing = (*first.pixelSpacing)[0];
  geometry.columnSpacing = (*first.pixelSpacing)[1];

  // Order by position along the normal; the file name breaks exact ties so the order is deterministic.
  std::vector<std::size_t> order(series.frames.size());
  std::iota(order.begin(), order.end(), 0);
  std::vector<double> position(series.frames.size());
  for (std::size_t i = 0; i < order.size(); ++i)
  {
    position[i] = Dot(*series.frames[i].imagePositionPatient, geometry.normal);
  }
  std::stable_sort(
    order.begin(), order.end(), [&position](std::size_t a, std::size_t b) { return position[a] < position[b]; });

  // Duplicates: the same object twice is dropped; two images at one place are an error.
  const double samePosition = 1e-3; // mm
  for (std::size_t i = 0; i < order.size(); ++i)
  {
    const DICOMFrame & frame = series.frames[order[i]];
    if (!geometry.sliceOrder.empty())
    {
      const DICOMFrame & previous = series.frames[geometry.sliceOrder.back()];
      if (std::abs(position[order[i]] - geometry.slicePositions.back()) < samePosition)
      {
        if (!frame.sopInstanceUID.empty() && frame.sopInstanceUID == previous.sopInstanceUID &&
            frame.frameIndex == previous.frameIndex)
        {
          geometry.droppedDuplicateFiles.push_back(frame.file);
          continue;
        }
        throw Error(frame.file,
                    "two different images at the same slice position (" + FormatFixed(position[order[i]]) +
                      " mm along the normal), the other is " + previous.file,
                    "the folder probably holds more than one acquisition of this series; keep the files of one");
      }
    }
    geometry.sliceOrder.push_back(order[i]);
    geometry.slicePositions.push_back(position[order[i]]);
    geometry.sliceOrigins.push_back(*frame.imagePositionPatient);
  }
  if (!geometry.droppedDuplicateFiles.empty())
  {
    Add(geometry,
        "duplicate-files",
        FindingSeverity::Warning,
        std::to_string(geometry.droppedDuplicateFiles.size()) +
          " file(s) repeat an image already present (same SOPInstanceUID) and were left out");
  }

  // Rescale, per slice.
  bool missingRescale = false;
  for (const std::size_t index : geometry.sliceOrder)
  {
    const DICOMFrame & frame = series.frames[index];
    missingRescale = missingRescale || !frame.rescaleSlope || !frame.rescaleIntercept;
    geometry.rescaleSlopes.push_back(frame.rescaleSlope.value_or(1.0));
    geometry.rescaleIntercepts.push_back(frame.rescaleIntercept.value_or(0.0));
  }
  if (missingRescale)
  {
    Add(geometry,
        "no-rescale",
        FindingSeverity::Warning,
        "RescaleSlope/RescaleIntercept missing: stored values taken as Hounsfield units (slope 1, intercept 0)");
  }
  const auto [minSlope, maxSlope] = std::minmax_element(geometry.rescaleSlopes.begin(), geometry.rescaleSlopes.end());
  const auto [minIntercept, maxIntercept] =
    std::minmax_element(geometry.rescaleIntercepts.begin(), geometry.rescaleIntercepts.end());
  if (*minSlope != *maxSlope || *minIntercept != *maxIntercept)
  {
    Add(geometry,
        "rescale-varies",
        FindingSeverity::Note,
        "RescaleSlope/RescaleIntercept differ between slices (slope " + FormatFixed(*minSlope, 6) + " to " +
          FormatFixed(*maxSlope, 6) + ", intercept " + FormatFixed(*minIntercept) + " to " +
          FormatFixed(*maxIntercept) + "); each slice is converted with its own");
  }

  const std::size_t count = geometry.sliceOrder.size();
  const Vector &    origin = geometry.sliceOrigins.front();
  if (count == 1)
  {
    const double thickness = series.sliceThickness.value_or(0.0) > 0.0 ? *series.sliceThickness : 1.0;
    Add(geometry,
        "single-slice",
        FindingSeverity::Warning,
        "a single slice: the volume is one voxel thick, slice spacing taken as " + FormatFixed(thickness) + " mm" +
          (series.sliceThickness ? " (SliceThickness)" : " (no SliceThickness)"));
    geometry.stackGrid = MakeGrid(origin, geometry, thickness, series.columns, series.rows, 1);
    geometry.grid = geometry.stackGrid;
    geometry.minimumGap = geometry.maximumGap = geometry.medianGap = thickness;
    return geometry;
  }

  // Spacing from positions, never from SliceThickness.
  std::vector<double> gaps;
  for (std::size_t i = 1; i < count; ++i)
  {
    gaps.push_back(geometry.slicePositions[i] - geometry.slicePositions[i - 1]);
  }
  std::vector<double> sorted = gaps;
  std::sort(sorted.begin(), sorted.end());
  geometry.minimumGap = sorted.front();
  geometry.maximumGap = sorted.back();
  geometry.medianGap = sorted[sorted.size() / 2];
  for (const double gap : gaps)
  {
    geometry.maximumSpacingDeviation = std::max(geometry.maximumSpacingDeviation, std::abs(gap - geometry.medianGap));
  }
  const double extent = geometry.slicePositions.back() - geometry.slicePositions.front();
  const double meanGap = extent / static_cast<double>(count - 1);
  const double tolerance = std::max(0.01, 0.01 * geometry.medianGap);

  // A gap close to a whole multiple (two or more) of the usual spacing is
  // missing slices; any other variation is non-uniform spacing (some GE
  // protocols alternate 4 and 7 mm, for one).
  const auto isMissingSlices = [&geometry](double gap) {
    const double ratio = gap / geometry.medianGap;
    const double whole = std::round(ratio);
    return whole >= 2.0 && std::abs(ratio - whole) <= 0.15;
  };
  std::size_t largeGaps = 0;
  for (std::size_t i = 0; i < gaps.size(); ++i)
  {
    if (isMissingSlices(gaps[i]))
    {
      ++largeGaps;
      if (largeGaps == 1)
      {
        Add(geometry,
            "missing-slices",
            FindingSeverity::Corrected,
            "gap of " + FormatFixed(gaps[i]) + " mm between slices at " + FormatFixed(geometry.slicePositions[i]) +
              " and " + FormatFixed(geometry.slicePositions[i + 1]) + " mm where the spacing is " +
              FormatFixed(geometry.medianGap) +
              " mm elsewhere: slices are missing; the gap is filled by linear interpolation");
      }
    }
  }
  if (largeGaps > 1)
  {
    geometry.findings.back().message += " (" + std::to_string(largeGaps) + " such gaps)";
  }
  bool nonUniform = false;
  for (const double gap : gaps)
  {
    nonUniform = nonUniform || (std::abs(gap - geometry.medianGap) > tolerance && !isMissingSlices(gap));
  }
  if (nonUniform)
  {
    Add(geometry,
        "non-uniform-spacing",
        FindingSeverity::Corrected,
        "slice spacing varies from " + FormatFixed(geometry.minimumGap) + " to " + FormatFixed(geometry.maximumGap) +
          " mm (largest deviation from the median " + FormatFixed(geometry.medianGap) +
          " mm: " + FormatFixed(geometry.maximumSpacingDeviation) + " mm); resampled onto a regular grid of " +
          FormatFixed(geometry.minimumGap) + " mm");
  }

  // Tilt: the slices drift within their own plane along the stack.
  const Vector stack = Subtract(geometry.sliceOrigins.back(), origin);
  const double along = Dot(stack, geometry.normal);
  const double drift = Norm(Subtract(stack, Scale(geometry.normal, along)));
  geometry.tiltDegrees = std::atan2(drift, along) * 180.0 / M_PI;
  const bool tilted = drift > 0.1 * std::min(geometry.rowSpacing, geometry.columnSpacing);
  if (tilted)
  {
    Add(geometry,
        "gantry-tilt",
        FindingSeverity::Corrected,
        "the stack is tilted by " + FormatFixed(geometry.tiltDegrees, 2) + " degrees (GantryDetectorTilt " +
          (series.gantryDetectorTilt ? FormatFixed(*series.gantryDetectorTilt, 2) : std::string("absent")) +
          "): resampled onto a grid orthogonal to the slices, as dcm2niix does");
  }
  else if (series.gantryDetectorTilt && std::abs(*series.gantryDetectorTilt) > 0.01)
  {
    Add(geometry,
        "tilt-tag-only",
        FindingSeverity::Note,
        "GantryDetectorTilt says " + FormatFixed(*series.gantryDetectorTilt, 2) +
          " degrees but the slice positions show no tilt; positions were trusted");
  }

  geometry.stackGrid =
    MakeGrid(origin, geometry, meanGap, series.columns, series.rows, static_cast<unsigned int>(count));
  geometry.needsResampling = tilted || nonUniform || largeGaps > 0;
  if (!geometry.needsResampling)
  {
    geometry.grid = geometry.stackGrid;
    return geometry;
  }

  // The resampled grid: orthogonal to the slices, the smallest gap apart, covering every slice's footprint.
  double uMin = 0, uMax = 0, vMin = 0, vMax = 0;
  for (const Vector & sliceOrigin : geometry.sliceOrigins)
  {
    const Vector offset = Subtract(sliceOrigin, origin);
    uMin = std::min(uMin, Dot(offset, geometry.rowDirection));
    uMax = std::max(uMax, Dot(offset, geometry.rowDirection));
    vMin = std::min(vMin, Dot(offset, geometry.columnDirection));
    vMax = std::max(vMax, Dot(offset, geometry.columnDirection));
  }
  const double spacing = geometry.minimumGap;
  const double sizes[3] = { series.columns + std::ceil((uMax - uMin) / geometry.columnSpacing - 1e-6),
                            series.rows + std::ceil((vMax - vMin) / geometry.rowSpacing - 1e-6),
                            std::floor(extent / spacing + 1e-6) + 1 };
  for (const double size : sizes)
  {
    // Checked as doubles, before any conversion to an integer type can overflow.
    if (!(size >= 1.0 && size <= 100000.0))
    {
      throw Error(first.file,
                  "implausible slice positions: a regular grid through them would need " + FormatFixed(sizes[0], 0) +
                    " x " + FormatFixed(sizes[1], 0) + " x " + FormatFixed(sizes[2], 0) + " voxels",
                  "the positions in the headers are damaged");
    }
  }
  const auto   nx = static_cast<unsigned int>(sizes[0]);
  const auto   ny = static_cast<unsigned int>(sizes[1]);
  const auto   nz = static_cast<unsigned int>(sizes[2]);
  const Vector gridOrigin = {
    origin[0] + uMin * geometry.rowDirection[0] + vMin * geometry.columnDirection[0],
    origin[1] + uMin * geometry.rowDirection[1] + vMin * geometry.columnDirection[1],
    origin[2] + uMin * geometry.rowDirection[2] + vMin * geometry.columnDirection[2],
  };
  geometry.grid = MakeGrid(gridOrigin, geometry, spacing, nx, ny, nz);
  return geometry;
}

} // namespace chestct
