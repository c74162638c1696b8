#include "chestctSignedContourDistance.h"

#include "itkMultiThreaderBase.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace chestct
{
namespace
{
constexpr double kInfinity = std::numeric_limits<double>::infinity();

/** One line of squared distances, `count` values `stride` apart from `values`, replaced by their lower
 * envelope along the line: value[q] = min over p of value[p] + weight (q - p)^2, where weight is the
 * squared spacing along it. The buffers are the caller's, reused from line to line. */
void
LowerEnvelope(float * values, std::size_t count, std::ptrdiff_t stride, double weight, std::vector<double> & line,
              std::vector<std::ptrdiff_t> & apex, std::vector<double> & boundary)
{
  line.resize(count);
  apex.resize(count);
  boundary.resize(count + 1);
  for (std::size_t q = 0; q < count; ++q)
  {
    line[q] = values[static_cast<std::ptrdiff_t>(q) * stride];
  }
  // The parabolas of the finite values, each the lowest over [boundary[k], boundary[k + 1]).
  std::ptrdiff_t k = -1;
  for (std::ptrdiff_t q = 0; q < static_cast<std::ptrdiff_t>(count); ++q)
  {
    if (line[q] == kInfinity)
    {
      continue;
    }
    double start = -kInfinity;
    while (k >= 0)
    {
      const std::ptrdiff_t p = apex[k];
      start = ((line[q] + weight * static_cast<double>(q * q)) - (line[p] + weight * static_cast<double>(p * p))) /
              (2.0 * weight * static_cast<double>(q - p));
      if (start > boundary[k])
      {
        break;
      }
      --k; // parabola p is nowhere the lowest
      start = -kInfinity;
    }
    ++k;
    apex[k] = q;
    boundary[k] = start;
    boundary[k + 1] = kInfinity;
  }
  if (k < 0)
  {
    return; // no finite value: the line stays infinite
  }
  std::ptrdiff_t j = 0;
  for (std::ptrdiff_t q = 0; q < static_cast<std::ptrdiff_t>(count); ++q)
  {
    while (boundary[j + 1] < static_cast<double>(q))
    {
      ++j;
    }
    const double offset = static_cast<double>(q - apex[j]);
    values[q * stride] = static_cast<float>(weight * offset * offset + line[apex[j]]);
  }
}

/** out[x] = the lowest over the rows k of rows[k][x] + added[k], computed in double and rounded to float
 * once: the lower envelope of those rows alone. Whole rows at a time, so that it vectorizes. */
void
LowestOverRows(const std::vector<const float *> & rows, const std::vector<double> & added, std::ptrdiff_t width,
               std::vector<double> & lowest, float * out)
{
  lowest.assign(static_cast<std::size_t>(width), kInfinity);
  double * low = lowest.data();
  for (std::size_t k = 0; k < rows.size(); ++k)
  {
    const float * row = rows[k];
    const double  plus = added[k];
    for (std::ptrdiff_t x = 0; x < width; ++x)
      low[x] = std::min(low[x], static_cast<double>(row[x]) + plus);
  }
  for (std::ptrdiff_t x = 0; x < width; ++x)
    out[x] = static_cast<float>(low[x]);
}
} // namespace

itk::Image<float, 3>::Pointer
ComputeSignedContourDistance(const itk::Image<unsigned char, 3> * mask, double reach)
{
  if (reach < 0.0)
  {
    itkGenericExceptionMacro("ComputeSignedContourDistance: the reach must not be negative, got " << reach);
  }
  const auto &          region = mask->GetBufferedRegion();
  const auto &          spacing = mask->GetSpacing();
  const std::ptrdiff_t  nx = static_cast<std::ptrdiff_t>(region.GetSize(0));
  const std::ptrdiff_t  ny = static_cast<std::ptrdiff_t>(region.GetSize(1));
  const std::ptrdiff_t  nz = static_cast<std::ptrdiff_t>(region.GetSize(2));
  const std::ptrdiff_t  slice = nx * ny;
  const unsigned char * in = mask->GetBufferPointer();
  // The squared distances are computed in the output's buffer, and their roots taken in place at the end.
  auto distance = itk::Image<float, 3>::New();
  distance->CopyInformation(mask);
  distance->SetRegions(region);
  distance->Allocate();
  float * const                   squared = distance->GetBufferPointer();
  constexpr float                 farAway = std::numeric_limits<float>::infinity();
  itk::MultiThreaderBase::Pointer threader = itk::MultiThreaderBase::New();

  // Lines of the image, `lines` of them, shared among the threads in runs: ParallelizeArray calls its functor
  // once per index, and each run keeps its buffers from line to line.
  const auto inRuns = [&](std::ptrdiff_t lines, const auto & work) {
    const std::ptrdiff_t runs = std::min<std::ptrdiff_t>(lines, 256);
    threader->ParallelizeArray(
      0,
      static_cast<itk::SizeValueType>(runs),
      [&](itk::SizeValueType run) {
        const auto r = static_cast<std::ptrdiff_t>(run);
        work(r * lines / runs, (r + 1) * lines / runs);
      },
      nullptr);
  };

  // Along x, row by row: the contour voxels of the row (those of the mask with a background voxel among their
  // 26 neighbours inside the image, found as the mask minus its erosion by a 3 x 3 x 3 box), then the squared
  // distance to the nearest of them along the row.
  const double xWeight = spacing[0] * spacing[0];
  inRuns(ny * nz, [&](std::ptrdiff_t first, std::ptrdiff_t end) {
    std::vector<unsigned char> filled(static_cast<std::size_t>(nx)); // the 3 x 3 rows around are all mask here
    for (std::ptrdiff_t row = first; row < end; ++row)
    {
      const std::ptrdiff_t y = row % ny, z = row / ny;
      std::fill(filled.begin(), filled.end(), 1);
      for (std::ptrdiff_t w = std::max<std::ptrdiff_t>(z - 1, 0); w <= std::min(z + 1, nz - 1); ++w)
        for (std::ptrdiff_t v = std::max<std::ptrdiff_t>(y - 1, 0); v <= std::min(y + 1, ny - 1); ++v)
        {
          const unsigned char * around = in + w * slice + v * nx;
          for (std::ptrdiff_t x = 0; x < nx; ++x)
            filled[x] &= around[x] != 0 ? 1 : 0;
        }
      const unsigned char * maskRow = in + z * slice + y * nx;
      float *               out = squared + z * slice + y * nx;
      std::ptrdiff_t        last = -1; // the last contour voxel met, left to right
      for (std::ptrdiff_t x = 0; x < nx; ++x)
      {
        const bool interior = filled[x] != 0 && (x == 0 || filled[x - 1] != 0) && (x + 1 == nx || filled[x + 1] != 0);
        if (maskRow[x] != 0 && !interior)
          last = x;
        out[x] = last < 0 ? farAway : static_cast<float>(xWeight * static_cast<double>((x - last) * (x - last)));
      }
      last = -1;
      for (std::ptrdiff_t x = nx - 1; x >= 0; --x)
      {
        if (out[x] == 0.0f)
          last = x;
        if (last >= 0)
          out[x] = std::min(out[x], static_cast<float>(xWeight * static_cast<double>((last - x) * (last - x))));
      }
    }
  });

  // Along y, then z: the lower envelope of each column.
  const auto envelopes =
    [&](std::ptrdiff_t count, std::ptrdiff_t stride, double weight, std::ptrdiff_t lines, const auto & firstOf) {
      inRuns(lines, [&](std::ptrdiff_t first, std::ptrdiff_t end) {
        std::vector<double>         line, boundary;
        std::vector<std::ptrdiff_t> apex;
        for (std::ptrdiff_t n = first; n < end; ++n)
          LowerEnvelope(squared + firstOf(n), static_cast<std::size_t>(count), stride, weight, line, apex, boundary);
      });
    };
  if (!(reach < kInfinity)) // infinite (the default), or not a number
  {
    envelopes(ny, nx, spacing[1] * spacing[1], nx * nz, [&](std::ptrdiff_t n) { return (n / nx) * slice + n % nx; });
    envelopes(nz, slice, spacing[2] * spacing[2], slice, [](std::ptrdiff_t n) { return n; });
  }
  else
  {
    // A contour voxel within reach is at most reach / spacing voxels away along each axis; one row more
    // keeps a distance that float rounds onto `reach` itself. The lowest over those rows is the envelope's
    // value wherever that value is within reach, and beyond reach wherever the envelope's is; its terms are
    // the envelope's, rounded alike. Along y into `across`, then along z back into the output, each
    // slice's rows on one thread.
    const auto within = [reach](double spacingAlong) {
      return static_cast<std::ptrdiff_t>(std::floor(reach / spacingAlong)) + 1;
    };
    const std::ptrdiff_t reachY = within(spacing[1]), reachZ = within(spacing[2]);
    std::vector<float>   across(static_cast<std::size_t>(slice * nz));
    const auto           alongAxis = [&](const float *  from,
                               float *        to,
                               std::ptrdiff_t reachInVoxels,
                               double         spacingAlong,
                               const auto &   rowOf) { // rowOf(z, y, offset along the axis)
      const double weight = spacingAlong * spacingAlong;
      inRuns(nz, [&](std::ptrdiff_t first, std::ptrdiff_t end) {
        std::vector<const float *> rows;
        std::vector<double>        added, lowest;
        for (std::ptrdiff_t z = first; z < end; ++z)
          for (std::ptrdiff_t y = 0; y < ny; ++y)
          {
            rows.clear();
            added.clear();
            for (std::ptrdiff_t k = -reachInVoxels; k <= reachInVoxels; ++k)
            {
              const std::ptrdiff_t row = rowOf(z, y, k);
              if (row >= 0)
              {
                rows.push_back(from + row * nx);
                const double offset = static_cast<double>(k);
                added.push_back(weight * offset * offset); // as LowerEnvelope rounds it
              }
            }
            LowestOverRows(rows, added, nx, lowest, to + z * slice + y * nx);
          }
      });
    };
    // Rows are numbered as in the buffer (z * ny + y); -1 past the image's edge.
    alongAxis(squared, across.data(), reachY, spacing[1], [&](std::ptrdiff_t z, std::ptrdiff_t y, std::ptrdiff_t k) {
      return y + k >= 0 && y + k < ny ? z * ny + y + k : -1;
    });
    alongAxis(across.data(), squared, reachZ, spacing[2], [&](std::ptrdiff_t z, std::ptrdiff_t y, std::ptrdiff_t k) {
      return z + k >= 0 && z + k < nz ? (z + k) * ny + y : -1;
    });
  }

  // The roots, signed, slice by slice.
  inRuns(nz, [&](std::ptrdiff_t first, std::ptrdiff_t end) {
    for (std::ptrdiff_t i = first * slice; i < end * slice; ++i)
    {
      const float d = std::sqrt(squared[i]);
      squared[i] = in[i] != 0 ? -d : d;
    }
  });
  return distance;
}

} // namespace chestct
