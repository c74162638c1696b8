#include "chestctVolumeMask.h"
#include "chestctSignedContourDistance.h"

#include "chestctFaceConnectedRegions.h"

#include "itkMacro.h"
#include "itkMultiThreaderBase.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace chestct
{
namespace lung
{
namespace
{
// Monotone-chain convex hull of integer points; returns the hull counter-clockwise without repetition.
std::vector<std::array<long, 2>>
ConvexHull(std::vector<std::array<long, 2>> points)
{
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  if (points.size() < 3)
  {
    return points;
  }
  const auto cross = [](const std::array<long, 2> & o, const std::array<long, 2> & a, const std::array<long, 2> & b) {
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  };
  std::vector<std::array<long, 2>> hull(2 * points.size());
  std::size_t                      k = 0;
  for (const auto & p : points)
  {
    while (k >= 2 && cross(hull[k - 2], hull[k - 1], p) <= 0)
    {
      --k;
    }
    hull[k++] = p;
  }
  for (std::size_t i = points.size() - 1, lowerEnd = k + 1; i-- > 0;)
  {
    while (k >= lowerEnd && cross(hull[k - 2], hull[k - 1], points[i]) <= 0)
    {
      --k;
    }
    hull[k++] = points[i];
  }
  hull.resize(k - 1);
  return hull;
}
} // namespace

std::array<double, 3>
ComponentStatistics::CentroidIndex() const
{
  const double n = voxels > 0 ? static_cast<double>(voxels) : 1.0;
  return { { indexSum[0] / n, indexSum[1] / n, indexSum[2] / n } };
}

MaskImage::Pointer
NewMask(const itk::ImageBase<3> * reference, unsigned char value)
{
  auto mask = MaskImage::New();
  mask->CopyInformation(reference);
  mask->SetRegions(reference->GetBufferedRegion());
  mask->Allocate();
  mask->FillBuffer(value);
  return mask;
}

FaceConnectedRegions
RegionsOf(const MaskImage * mask)
{
  const Extent          e(mask);
  const unsigned char * in = mask->GetBufferPointer();
  return FaceConnectedRegions(static_cast<std::size_t>(e.nx),
                              static_cast<std::size_t>(e.ny),
                              static_cast<std::size_t>(e.nz),
                              [in](std::size_t i) { return in[i] != 0; });
}

MaskImage::Pointer
LargestComponent(const MaskImage * mask)
{
  auto largest = NewMask(mask);
  RegionsOf(mask).Paint(largest->GetBufferPointer(),
                        [](std::uint32_t label) { return static_cast<unsigned char>(label == 1 ? 1 : 0); });
  return largest;
}

SliceHulls::SliceHulls(const MaskImage * body, double scale)
{
  const Extent e(body);
  m_Size = { { e.nx, e.ny, e.nz } };
  m_Lower.assign(static_cast<std::size_t>(e.ny * e.nz), 0);
  m_Upper.assign(m_Lower.size(), -1);
  const unsigned char *              buffer = body->GetBufferPointer();
  std::vector<std::array<long, 2>>   points;
  std::vector<std::array<double, 2>> corners;
  for (long z = 0; z < e.nz; ++z)
  {
    // The leftmost and rightmost body pixel of each row span the same hull as all of them.
    points.clear();
    for (long y = 0; y < e.ny; ++y)
    {
      const unsigned char * row = buffer + e.Offset(0, y, z);
      long                  x0 = 0;
      while (x0 < e.nx && row[x0] == 0)
      {
        ++x0;
      }
      if (x0 == e.nx)
      {
        continue;
      }
      long x1 = e.nx - 1;
      while (row[x1] == 0)
      {
        --x1;
      }
      points.push_back({ { x0, y } });
      points.push_back({ { x1, y } });
    }
    if (points.empty())
    {
      continue;
    }
    const auto hull = ConvexHull(points);
    corners.resize(hull.size());
    for (std::size_t i = 0; i < hull.size(); ++i)
      corners[i] = { { static_cast<double>(hull[i][0]), static_cast<double>(hull[i][1]) } };
    if (scale != 1.0)
    {
      // About the polygon's centroid: of its area, or of its corners when it has none.
      double area = 0.0, cx = 0.0, cy = 0.0;
      for (std::size_t i = 0; i < corners.size(); ++i)
      {
        const auto & p = corners[i];
        const auto & q = corners[(i + 1) % corners.size()];
        const double cross = p[0] * q[1] - q[0] * p[1];
        area += cross;
        cx += (p[0] + q[0]) * cross;
        cy += (p[1] + q[1]) * cross;
      }
      if (std::abs(area) > 1e-9)
      {
        cx /= 3.0 * area;
        cy /= 3.0 * area;
      }
      else
      {
        cx = cy = 0.0;
        for (const auto & p : corners)
        {
          cx += p[0] / static_cast<double>(corners.size());
          cy += p[1] / static_cast<double>(corners.size());
        }
      }
      for (auto & p : corners)
        p = { { cx + scale * (p[0] - cx), cy + scale * (p[1] - cy) } };
    }
    long * lower = &m_Lower[static_cast<std::size_t>(z * e.ny)];
    long * upper = &m_Upper[static_cast<std::size_t>(z * e.ny)];
    for (long y = 0; y < e.ny; ++y)
    {
      lower[y] = e.nx;
      upper[y] = -1;
    }
    const auto widen = [&](long y, double x0, double x1) {
      lower[y] = std::min(lower[y], static_cast<long>(std::ceil(std::min(x0, x1) - 1e-9)));
      upper[y] = std::max(upper[y], static_cast<long>(std::floor(std::max(x0, x1) + 1e-9)));
    };
    // Each edge widens the rows it crosses, where it crosses them.
    for (std::size_t i = 0; i < corners.size(); ++i)
    {
      const auto & p = corners[i];
      const auto & q = corners[(i + 1) % corners.size()];
      const long   y0 = std::max(0L, static_cast<long>(std::ceil(std::min(p[1], q[1]) - 1e-9)));
      const long   y1 = std::min(e.ny - 1, static_cast<long>(std::floor(std::max(p[1], q[1]) + 1e-9)));
      for (long y = y0; y <= y1; ++y)
      {
        if (std::abs(q[1] - p[1]) < 1e-9)
        {
          widen(y, p[0], q[0]); // an edge along the row
          continue;
        }
        const double x = p[0] + (static_cast<double>(y) - p[1]) * (q[0] - p[0]) / (q[1] - p[1]);
        widen(y, x, x);
      }
    }
  }
}

std::size_t
SliceHulls::ColumnsInside(long first, long last, long row, long slice) const
{
  const std::size_t i = static_cast<std::size_t>(slice * m_Size[1] + row);
  const long        from = std::max(first, m_Lower[i]);
  const long        to = std::min(last, m_Upper[i]);
  return to >= from ? static_cast<std::size_t>(to - from + 1) : 0;
}

std::vector<ComponentStatistics>
ComputeComponentStatistics(const FaceConnectedRegions & regions, const itk::ImageBase<3> * grid, std::size_t count,
                           const SliceHulls * hulls, const std::vector<unsigned char> & outside)
{
  const Extent                     e(grid);
  const auto                       start = grid->GetBufferedRegion().GetIndex();
  std::vector<ComponentStatistics> statistics(count + 1);
  // The pixels of a slice with an in-plane neighbour on the image's edge or outside the field of view.
  std::vector<unsigned char> nearOutside(e.slice, 0);
  {
    const auto isOutsidePixel = [&](long x, long y) {
      return x < 0 || y < 0 || x >= e.nx || y >= e.ny ||
             (!outside.empty() && outside[static_cast<std::size_t>(y * e.nx + x)] != 0);
    };
    for (long y = 0; y < e.ny; ++y)
      for (long x = 0; x < e.nx; ++x)
        nearOutside[static_cast<std::size_t>(y * e.nx + x)] =
          isOutsidePixel(x - 1, y) || isOutsidePixel(x + 1, y) || isOutsidePixel(x, y - 1) || isOutsidePixel(x, y + 1);
  }
  // Run by run (a row's stretch of one region): each run adds to its region's facts at once. Every sum is of
  // whole numbers, exact in a double, so the order of the additions is free.
  const auto ny = static_cast<std::size_t>(e.ny);
  regions.ForEachRun([&](std::size_t row, std::uint32_t begin, std::uint32_t end, std::uint32_t label) {
    if (label > count)
      return;
    ComponentStatistics & s = statistics[label];
    const long            x0 = begin, x1 = static_cast<long>(end) - 1;
    const long            y = static_cast<long>(row % ny), z = static_cast<long>(row / ny);
    const long            ix0 = x0 + start[0], ix1 = x1 + start[0], iy = y + start[1], iz = z + start[2];
    const long            length = x1 - x0 + 1;
    if (s.voxels == 0)
    {
      s.lower = { { ix0, iy, iz } };
      s.upper = { { ix1, iy, iz } };
    }
    s.voxels += static_cast<std::size_t>(length);
    s.indexSum[0] += static_cast<double>((ix0 + ix1) * length / 2);
    s.indexSum[1] += static_cast<double>(iy * length);
    s.indexSum[2] += static_cast<double>(iz * length);
    s.lower = { { std::min(s.lower[0], ix0), std::min(s.lower[1], iy), std::min(s.lower[2], iz) } };
    s.upper = { { std::max(s.upper[0], ix1), std::max(s.upper[1], iy), std::max(s.upper[2], iz) } };
    if (hulls != nullptr)
    {
      s.insideHull += hulls->ColumnsInside(x0, x1, y, z);
    }
    if (!s.touchesOutside)
    {
      const unsigned char * near = nearOutside.data() + static_cast<std::size_t>(y * e.nx);
      unsigned char         touches = 0;
      for (long x = x0; x <= x1; ++x)
        touches |= near[x];
      s.touchesOutside = touches != 0;
    }
  });
  return statistics;
}

namespace
{
// The first non-zero byte of [begin, end), or end: eight bytes at a time through a run of zeros.
const unsigned char *
FirstNonZero(const unsigned char * begin, const unsigned char * end)
{
  for (; end - begin >= 8; begin += 8)
  {
    std::uint64_t word;
    std::memcpy(&word, begin, sizeof(word));
    if (word != 0)
      break;
  }
  while (begin != end && *begin == 0)
    ++begin;
  return begin;
}

/** The smallest box holding every non-zero voxel of a buffer of nx * ny * nz voxels, x fastest: its lower
 * and upper corners, both inside; `upper[0]` is -1 when there is no such voxel. Each row's first and last
 * non-zero voxels are found from its two ends, through runs of zeros eight bytes at a time. */
struct NonZeroBox
{
  std::array<long, 3> lower;
  std::array<long, 3> upper;
};

NonZeroBox
FindNonZeroBox(const unsigned char * buffer, long nx, long ny, long nz)
{
  NonZeroBox box{ { { nx, ny, nz } }, { { -1, -1, -1 } } };
  for (long z = 0; z < nz; ++z)
    for (long y = 0; y < ny; ++y)
    {
      const unsigned char * row = buffer + (z * ny + y) * nx;
      const unsigned char * first = FirstNonZero(row, row + nx);
      if (first == row + nx)
        continue;
      const unsigned char * last = row + nx - 1;
      while (*last == 0)
        --last;
      box.lower = {
        { std::min<long>(box.lower[0], first - row), std::min(box.lower[1], y), std::min(box.lower[2], z) }
      };
      box.upper = {
        { std::max<long>(box.upper[0], last - row), std::max(box.upper[1], y), std::max(box.upper[2], z) }
      };
    }
  return box;
}
} // namespace

// A hole pixel takes the label on its left, which is a label or a hole pixel already filled: no hole pixel
// touches a pixel linked to the edge.
void
FillLabelHolesInSlice(unsigned char * slice, long nx, long ny)
{
  // The labels' bounding box: most of a slice is background, and this scan, not the flood below, was most of
  // the function's time before it skipped zeros eight bytes at a time.
  const NonZeroBox labelled = FindNonZeroBox(slice, nx, ny, 1);
  const long       x0 = labelled.lower[0], x1 = labelled.upper[0], y0 = labelled.lower[1], y1 = labelled.upper[1];
  if (x1 - x0 < 2 || y1 - y0 < 2)
    return;
  // Only the bounding box of the labels can hold holes; its frame is the edge that background reaches from.
  // The box is copied into a grid with a one-cell wall around it, so that the flood from the frame needs no
  // bounds checks and no divisions: 0 background not reached yet, 1 label or wall, 2 reached.
  const long                 w = x1 - x0 + 1, h = y1 - y0 + 1, stride = w + 2;
  std::vector<unsigned char> cell(static_cast<std::size_t>(stride * (h + 2)), 1);
  for (long y = 0; y < h; ++y)
    for (long x = 0; x < w; ++x)
      cell[static_cast<std::size_t>((y + 1) * stride + x + 1)] = slice[(y + y0) * nx + x + x0] != 0 ? 1 : 0;
  std::vector<std::size_t> queue;
  const auto               visit = [&](std::size_t i) {
    if (cell[i] == 0)
    {
      cell[i] = 2;
      queue.push_back(i);
    }
  };
  for (long x = 1; x <= w; ++x)
  {
    visit(static_cast<std::size_t>(stride + x));
    visit(static_cast<std::size_t>(h * stride + x));
  }
  for (long y = 1; y <= h; ++y)
  {
    visit(static_cast<std::size_t>(y * stride + 1));
    visit(static_cast<std::size_t>(y * stride + w));
  }
  const auto step = static_cast<std::size_t>(stride);
  for (std::size_t head = 0; head < queue.size(); ++head)
  {
    const std::size_t i = queue[head];
    visit(i - 1);
    visit(i + 1);
    visit(i - step);
    visit(i + step);
  }
  for (long y = 1; y + 1 < h; ++y)
  {
    unsigned char *       row = slice + (y + y0) * nx + x0;
    const unsigned char * cells = cell.data() + (y + 1) * stride + 1;
    for (long x = 1; x + 1 < w; ++x)
      if (cells[x] == 0)
        row[x] = row[x - 1];
  }
}

void
FillHolesInEachSlice(MaskImage * mask)
{
  const Extent e(mask);
  for (long z = 0; z < e.nz; ++z)
  {
    FillLabelHolesInSlice(mask->GetBufferPointer() + static_cast<std::size_t>(z) * e.slice, e.nx, e.ny);
  }
}

MaskImage::Pointer
BallClosing(const MaskImage * mask, double radius)
{
  const Extent               e(mask);
  const unsigned char *      buffer = mask->GetBufferPointer();
  const NonZeroBox           box = FindNonZeroBox(buffer, e.nx, e.ny, e.nz);
  const std::array<long, 3> &lower = box.lower, &upper = box.upper;
  auto                       result = NewMask(mask);
  if (upper[0] < 0)
  {
    return result;
  }
  // Work on the bounding box padded by the radius plus one voxel, inside a frame of background so that
  // the dilation never meets the box's edge: the closing there is then the closing of the whole image.
  auto boxed = MaskImage::New();
  {
    MaskImage::RegionType region;
    MaskImage::IndexType  origin;
    for (unsigned int d = 0; d < 3; ++d)
    {
      const long pad = static_cast<long>(std::ceil(radius / mask->GetSpacing()[d])) + 1;
      origin[d] = lower[d] - pad;
      region.SetIndex(d, origin[d]);
      region.SetSize(d, static_cast<itk::SizeValueType>(upper[d] - lower[d] + 1 + 2 * pad));
    }
    boxed->SetOrigin(mask->GetOrigin());
    boxed->SetSpacing(mask->GetSpacing());
    boxed->SetDirection(mask->GetDirection());
    boxed->SetRegions(region);
    boxed->Allocate();
    boxed->FillBuffer(0);
    for (long z = lower[2]; z <= upper[2]; ++z)
      for (long y = lower[1]; y <= upper[1]; ++y)
      {
        const MaskImage::IndexType rowStart{ { lower[0], y, z } };
        std::copy_n(buffer + e.Offset(lower[0], y, z),
                    upper[0] - lower[0] + 1,
                    boxed->GetBufferPointer() + boxed->ComputeOffset(rowStart));
      }
  }
  // Dilation: within `radius` of the mask. Erosion of that: deeper than `radius` inside it.
  const auto outward = ComputeSignedContourDistance(boxed, radius); // exact up to the radius, all it is read for
  auto       dilated = MaskImage::New();
  dilated->CopyInformation(boxed);
  dilated->SetRegions(boxed->GetBufferedRegion());
  dilated->Allocate();
  {
    const float *   d = outward->GetBufferPointer();
    unsigned char * out = dilated->GetBufferPointer();
    const auto      n = boxed->GetBufferedRegion().GetNumberOfPixels();
    for (std::size_t i = 0; i < n; ++i)
    {
      out[i] = d[i] <= radius ? 1 : 0;
    }
  }
  const auto   inward = ComputeSignedContourDistance(dilated, radius);
  const auto & region = boxed->GetBufferedRegion();
  const long   size[3] = { e.nx, e.ny, e.nz };
  long         first[3], last[3]; // the voxels of the image the box covers
  for (unsigned int d = 0; d < 3; ++d)
  {
    first[d] = std::max(0L, region.GetIndex(d));
    last[d] = std::min(size[d] - 1, region.GetIndex(d) + static_cast<long>(region.GetSize(d)) - 1);
  }
  for (long z = first[2]; z <= last[2]; ++z)
    for (long y = first[1]; y <= last[1]; ++y)
    {
      const MaskImage::IndexType rowStart{ { first[0], y, z } };
      const float *              depth = inward->GetBufferPointer() + inward->ComputeOffset(rowStart);
      unsigned char *            out = result->GetBufferPointer() + e.Offset(first[0], y, z);
      for (long x = 0; x <= last[0] - first[0]; ++x)
      {
        if (depth[x] <= -radius)
        {
          out[x] = 1;
        }
      }
    }
  // The closing contains the mask; distances measured between voxel centres can lose a voxel at a corner.
  for (std::size_t i = 0; i < e.Count(); ++i)
  {
    result->GetBufferPointer()[i] |= buffer[i] != 0 ? 1 : 0;
  }
  return result;
}

MaskImage::Pointer
CountEnclosingAxes(const MaskImage * mask, double reach)
{
  const Extent          e(mask);
  const unsigned char * in = mask->GetBufferPointer();
  const auto &          spacing = mask->GetSpacing();
  auto                  counts = NewMask(mask);
  unsigned char *       count = counts->GetBufferPointer();
  // Whether the mask lies within reach behind (along -a) and ahead (along +a) of each voxel: the OR of the mask
  // shifted by 1, 2, ... steps along the axis, row by row, so that each pass runs over contiguous bytes.
  std::vector<unsigned char> behind(e.Count()), ahead(e.Count());
  constexpr long             axes[5][3] = { { 1, 0, 0 }, { 0, 1, 0 }, { 1, 1, 0 }, { 1, -1, 0 }, { 0, 0, 1 } };
  for (const auto & a : axes)
  {
    double squared = 0.0;
    for (unsigned int d = 0; d < 3; ++d)
      squared += static_cast<double>(a[d] * a[d]) * spacing[d] * spacing[d];
    const long steps = static_cast<long>(std::floor(reach / std::sqrt(squared) + 1e-9));
    if (steps < 1)
      continue;
    std::fill(behind.begin(), behind.end(), 0);
    std::fill(ahead.begin(), ahead.end(), 0);
    for (long k = 1; k <= steps; ++k)
    {
      const long dx = k * a[0], dy = k * a[1], dz = k * a[2];
      if (dx >= e.nx || std::abs(dy) >= e.ny || dz >= e.nz)
        break;
      // The voxel k steps behind (x - dx, y - dy, z - dz) sets `behind`; the one k steps ahead sets `ahead`.
      for (long z = 0; z < e.nz; ++z)
        for (long y = 0; y < e.ny; ++y)
        {
          const std::size_t at = e.Offset(0, y, z);
          const long        width = e.nx - dx;
          if (z - dz >= 0 && y - dy >= 0 && y - dy < e.ny)
          {
            const unsigned char * from = in + e.Offset(0, y - dy, z - dz);
            unsigned char *       to = behind.data() + at + dx;
            for (long x = 0; x < width; ++x)
              to[x] |= from[x];
          }
          if (z + dz < e.nz && y + dy >= 0 && y + dy < e.ny)
          {
            const unsigned char * from = in + e.Offset(dx, y + dy, z + dz);
            unsigned char *       to = ahead.data() + at;
            for (long x = 0; x < width; ++x)
              to[x] |= from[x];
          }
        }
    }
    // Bitwise, not short-circuit: one branch-free pass that the compiler vectorises.
    for (std::size_t i = 0; i < e.Count(); ++i)
      count[i] += static_cast<unsigned char>((in[i] == 0) & (behind[i] != 0) & (ahead[i] != 0));
  }
  return counts;
}

void
GrowLabelsGeodesically(MaskImage * labels, const MaskImage * allowed)
{
  const Extent e(labels);
  // Each queued voxel carries its column, row and slice, 21 bits each: whether it lies on the image's edge is
  // then read without the three divisions that recovering them from its offset takes.
  constexpr unsigned int  bits = 21;
  constexpr std::uint64_t field = (std::uint64_t{ 1 } << bits) - 1;
  if (e.nx > static_cast<long>(field) || e.ny > static_cast<long>(field) || e.nz > static_cast<long>(field))
  {
    itkGenericExceptionMacro("GrowLabelsGeodesically: more than " << field << " voxels along an axis");
  }
  const auto pack = [](long x, long y, long z) {
    return static_cast<std::uint64_t>(x) | static_cast<std::uint64_t>(y) << bits |
           static_cast<std::uint64_t>(z) << (2 * bits);
  };
  unsigned char *            out = labels->GetBufferPointer();
  const unsigned char *      in = allowed->GetBufferPointer();
  const auto                 nx = static_cast<std::size_t>(e.nx);
  std::vector<std::uint64_t> queue;
  // Only the seeds with somewhere to grow are queued: a seed whose every neighbour is labelled or not allowed
  // would find them so when its turn came (labels only spread), and queue nothing. Most seeds are such (the
  // cores of two lungs, when they are cut apart); leaving them out changes no voxel.
  for (long z = 0; z < e.nz; ++z)
    for (long y = 0; y < e.ny; ++y)
    {
      const std::size_t     first = e.Offset(0, y, z);
      const unsigned char * row = out + first;
      for (long x = 0; x < e.nx; ++x)
      {
        if (row[x] == 0)
          continue;
        const std::size_t i = first + static_cast<std::size_t>(x);
        const auto        open = [&](std::size_t j) { return out[j] == 0 && in[j] != 0; };
        if ((x > 0 && open(i - 1)) || (x + 1 < e.nx && open(i + 1)) || (y > 0 && open(i - nx)) ||
            (y + 1 < e.ny && open(i + nx)) || (z > 0 && open(i - e.slice)) || (z + 1 < e.nz && open(i + e.slice)))
          queue.push_back(pack(x, y, z));
      }
    }
  for (std::size_t head = 0; head < queue.size(); ++head)
  {
    const std::uint64_t p = queue[head];
    const long          x = static_cast<long>(p & field);
    const long          y = static_cast<long>(p >> bits & field);
    const long          z = static_cast<long>(p >> (2 * bits));
    const std::size_t   i = e.Offset(x, y, z);
    const auto          visit = [&](std::size_t j, std::uint64_t q) {
      if (out[j] == 0 && in[j] != 0)
      {
        out[j] = out[i];
        queue.push_back(q);
      }
    };
    if (x > 0)
      visit(i - 1, p - 1);
    if (x + 1 < e.nx)
      visit(i + 1, p + 1);
    if (y > 0)
      visit(i - nx, p - (std::uint64_t{ 1 } << bits));
    if (y + 1 < e.ny)
      visit(i + nx, p + (std::uint64_t{ 1 } << bits));
    if (z > 0)
      visit(i - e.slice, p - (std::uint64_t{ 1 } << (2 * bits)));
    if (z + 1 < e.nz)
      visit(i + e.slice, p + (std::uint64_t{ 1 } << (2 * bits)));
  }
}

namespace
{
// One row of a dilation (or erosion) by one voxel: `centre` the row itself (its voxels' neighbours along the
// row are read from it), `around` the four rows beside it in the slice and the slices next to it. A missing
// neighbour row is given as a row of `absent` (0 for dilation, 1 for erosion: the image's edge counts as
// neither). The operation on whole bytes vectorizes; a voxel's value only matters as non-zero.
template <bool Dilate>
void
ChangeRowByOneVoxel(const unsigned char * centre, const std::array<const unsigned char *, 4> & around, long nx,
                    unsigned char * out)
{
  const unsigned char *a = around[0], *b = around[1], *c = around[2], *d = around[3];
  if (Dilate)
  {
    for (long x = 0; x < nx; ++x)
    {
      const unsigned char left = x > 0 ? centre[x - 1] : 0;
      const unsigned char right = x + 1 < nx ? centre[x + 1] : 0;
      out[x] = (left | centre[x] | right | a[x] | b[x] | c[x] | d[x]) != 0 ? 1 : 0;
    }
  }
  else
  {
    for (long x = 0; x < nx; ++x)
    {
      const bool left = x > 0 ? centre[x - 1] != 0 : true;
      const bool right = x + 1 < nx ? centre[x + 1] != 0 : true;
      out[x] = left & (centre[x] != 0) & right & (a[x] != 0) & (b[x] != 0) & (c[x] != 0) & (d[x] != 0) ? 1 : 0;
    }
  }
}

template <bool Dilate>
MaskImage::Pointer
ChangeByOneVoxel(const MaskImage * mask)
{
  const Extent                     e(mask);
  const unsigned char *            in = mask->GetBufferPointer();
  auto                             result = NewMask(mask);
  unsigned char *                  out = result->GetBufferPointer();
  const std::vector<unsigned char> absent(static_cast<std::size_t>(e.nx), Dilate ? 0 : 1);
  const auto                       nx = static_cast<std::size_t>(e.nx);
  // Slices in parallel: each reads the input only.
  itk::MultiThreaderBase::New()->ParallelizeArray(
    0,
    static_cast<itk::SizeValueType>(e.nz),
    [&](itk::SizeValueType slice) {
      const long z = static_cast<long>(slice);
      for (long y = 0; y < e.ny; ++y)
      {
        const std::size_t i = e.Offset(0, y, z);
        ChangeRowByOneVoxel<Dilate>(in + i,
                                    { { y > 0 ? in + i - nx : absent.data(),
                                        y + 1 < e.ny ? in + i + nx : absent.data(),
                                        z > 0 ? in + i - e.slice : absent.data(),
                                        z + 1 < e.nz ? in + i + e.slice : absent.data() } },
                                    e.nx,
                                    out + i);
      }
    },
    nullptr);
  return result;
}
} // namespace

MaskImage::Pointer
DilateByOneVoxel(const MaskImage * mask)
{
  return ChangeByOneVoxel<true>(mask);
}

MaskImage::Pointer
ErodeByOneVoxel(const MaskImage * mask)
{
  return ChangeByOneVoxel<false>(mask);
}

} // namespace lung
} // namespace chestct
