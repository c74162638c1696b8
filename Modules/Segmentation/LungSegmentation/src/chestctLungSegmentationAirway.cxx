#include "chestctLungSegmentationAirway.h"

#include <algorithm>
#include <cmath>

namespace chestct
{
namespace lung
{
namespace
{
struct SliceRegion
{
  std::vector<std::size_t> pixels;        // offsets in the volume
  double                   area = 0.0;    // mm^2
  double                   centreX = 0.0; // index
  double                   fill = 0.0;    // area over bounding-box area
  double                   aspect = 0.0;  // longer over shorter bounding-box side, in mm
};

// The 4-connected regions of the non-zero pixels of one slice.
std::vector<SliceRegion>
RegionsOfSlice(const MaskImage * mask, long z)
{
  const auto               size = mask->GetBufferedRegion().GetSize();
  const long               nx = static_cast<long>(size[0]);
  const long               ny = static_cast<long>(size[1]);
  const std::size_t        base = static_cast<std::size_t>(z) * static_cast<std::size_t>(nx * ny);
  const auto *             buffer = mask->GetBufferPointer() + base;
  const auto &             spacing = mask->GetSpacing();
  std::vector<char>        seen(static_cast<std::size_t>(nx * ny), 0);
  std::vector<SliceRegion> regions;
  std::vector<long>        queue;
  for (long start = 0; start < nx * ny; ++start)
  {
    if (buffer[start] == 0 || seen[static_cast<std::size_t>(start)])
    {
      continue;
    }
    queue.assign(1, start);
    seen[static_cast<std::size_t>(start)] = 1;
    long        x0 = nx, x1 = -1, y0 = ny, y1 = -1;
    double      sumX = 0.0;
    SliceRegion region;
    for (std::size_t head = 0; head < queue.size(); ++head)
    {
      const long i = queue[head];
      const long x = i % nx;
      const long y = i / nx;
      x0 = std::min(x0, x);
      x1 = std::max(x1, x);
      y0 = std::min(y0, y);
      y1 = std::max(y1, y);
      sumX += static_cast<double>(x);
      region.pixels.push_back(base + static_cast<std::size_t>(i));
      const auto visit = [&](long j) {
        if (buffer[j] != 0 && !seen[static_cast<std::size_t>(j)])
        {
          seen[static_cast<std::size_t>(j)] = 1;
          queue.push_back(j);
        }
      };
      if (x > 0)
        visit(i - 1);
      if (x + 1 < nx)
        visit(i + 1);
      if (y > 0)
        visit(i - nx);
      if (y + 1 < ny)
        visit(i + nx);
    }
    const double n = static_cast<double>(region.pixels.size());
    const double width = static_cast<double>(x1 - x0 + 1) * spacing[0];
    const double height = static_cast<double>(y1 - y0 + 1) * spacing[1];
    region.area = n * spacing[0] * spacing[1];
    region.centreX = sumX / n;
    region.fill = region.area / (width * height);
    region.aspect = std::max(width, height) / std::min(width, height);
    regions.push_back(std::move(region));
  }
  return regions;
}

// Flood from the seeds through voxels of `allowed` at or below `threshold`; gives up (returns false) once
// more than `maximumVoxels` are reached.
bool
Flood(const HUImage * image, const MaskImage * allowed, const std::vector<std::size_t> & seeds, short threshold,
      std::size_t maximumVoxels, std::vector<std::size_t> & reached, std::vector<unsigned char> & visited)
{
  const auto        size = image->GetBufferedRegion().GetSize();
  const long        nx = static_cast<long>(size[0]);
  const long        ny = static_cast<long>(size[1]);
  const long        nz = static_cast<long>(size[2]);
  const std::size_t slice = static_cast<std::size_t>(nx * ny);
  const short *     hu = image->GetBufferPointer();
  const auto *      inside = allowed->GetBufferPointer();
  for (const std::size_t i : reached)
  {
    visited[i] = 0;
  }
  reached.clear();
  for (const std::size_t s : seeds)
  {
    if (!visited[s] && inside[s] != 0 && hu[s] <= threshold)
    {
      visited[s] = 1;
      reached.push_back(s);
    }
  }
  for (std::size_t head = 0; head < reached.size(); ++head)
  {
    if (reached.size() > maximumVoxels)
    {
      return false;
    }
    const std::size_t i = reached[head];
    const long        x = static_cast<long>(i % static_cast<std::size_t>(nx));
    const long        y = static_cast<long>((i / static_cast<std::size_t>(nx)) % static_cast<std::size_t>(ny));
    const long        z = static_cast<long>(i / slice);
    const auto        visit = [&](std::size_t j) {
      if (!visited[j] && inside[j] != 0 && hu[j] <= threshold)
      {
        visited[j] = 1;
        reached.push_back(j);
      }
    };
    if (x > 0)
      visit(i - 1);
    if (x + 1 < nx)
      visit(i + 1);
    if (y > 0)
      visit(i - static_cast<std::size_t>(nx));
    if (y + 1 < ny)
      visit(i + static_cast<std::size_t>(nx));
    if (z > 0)
      visit(i - slice);
    if (z + 1 < nz)
      visit(i + slice);
  }
  return true;
}

double
BodyCentreColumn(const MaskImage * body, long z)
{
  const auto   size = body->GetBufferedRegion().GetSize();
  const auto * slice = body->GetBufferPointer() + static_cast<std::size_t>(z) * size[0] * size[1];
  double       sum = 0.0;
  double       count = 0.0;
  for (std::size_t i = 0; i < size[0] * size[1]; ++i)
  {
    if (slice[i] != 0)
    {
      sum += static_cast<double>(i % size[0]);
      count += 1.0;
    }
  }
  return count > 0.0 ? sum / count : 0.5 * static_cast<double>(size[0]);
}
} // namespace

AirwayResult
SegmentAirway(const HUImage * image, const MaskImage * insideAir, const MaskImage * body, double airThreshold)
{
  AirwayResult result;
  result.airway = NewMask(image);
  const auto &      size = image->GetBufferedRegion().GetSize();
  const auto &      spacing = image->GetSpacing();
  const long        nz = static_cast<long>(size[2]);
  const double      voxelVolume = spacing[0] * spacing[1] * spacing[2] / 1000.0; // mL
  const auto *      air = insideAir->GetBufferPointer();
  const std::size_t sliceSize = size[0] * size[1];

  // Slices from the head down, whatever the order of the stack.
  itk::Point<double, 3> first, last;
  image->TransformIndexToPhysicalPoint(HUImage::IndexType{ { 0, 0, 0 } }, first);
  image->TransformIndexToPhysicalPoint(HUImage::IndexType{ { 0, 0, nz - 1 } }, last);
  const bool headAtEnd = last[2] >= first[2];
  const auto sliceFromTop = [&](long n) { return headAtEnd ? nz - 1 - n : n; };
  long       topOfAir = -1;
  for (long n = 0; n < nz && topOfAir < 0; ++n)
  {
    const auto * slice = air + static_cast<std::size_t>(sliceFromTop(n)) * sliceSize;
    if (std::any_of(slice, slice + sliceSize, [](unsigned char v) { return v != 0; }))
    {
      topOfAir = n;
    }
  }
  if (topOfAir < 0)
  {
    return result;
  }

  // The trachea: within the top 8 cm of the air inside the body, a region that is round, 5 to 30 mm across and
  // within 3 cm of the body's midline (the apices of the lungs are further out), and that runs down the chest.
  // Flooded at a low threshold, the first such region from the top that reaches the lungs or runs on below
  // those 8 cm is taken; failing one, the region that runs at least 3 cm and furthest down. In a series that
  // begins at the head, a maxillary or sphenoid sinus is round and near the midline too, and runs 3 cm, but
  // ends within the 8 cm, above the pharynx that leads to the trachea.
  const long                 searchSlices = std::max(1L, static_cast<long>(std::lround(80.0 / spacing[2])));
  const long                 belowSearch = topOfAir + searchSlices; // counted from the top
  std::vector<std::size_t>   seeds;
  long                       seedsLowest = -1; // the lowest slice (counted from the top) the seeds' flood reached
  bool                       found = false;
  std::vector<std::size_t>   reached;
  std::vector<unsigned char> visited(image->GetBufferedRegion().GetNumberOfPixels(), 0);
  std::vector<unsigned char> explored(visited.size(), 0); // reached by an earlier candidate's flood
  const std::size_t          tracheaMinimum = static_cast<std::size_t>(std::ceil(20.0 / voxelVolume)); // 20 mL
  for (long n = topOfAir; n < std::min(nz, belowSearch) && !found; ++n)
  {
    const long   z = sliceFromTop(n);
    const double midline = BodyCentreColumn(body, z);
    auto         regions = RegionsOfSlice(insideAir, z);
    std::sort(regions.begin(), regions.end(), [midline](const SliceRegion & a, const SliceRegion & b) {
      return std::abs(a.centreX - midline) < std::abs(b.centreX - midline);
    });
    for (const SliceRegion & region : regions)
    {
      const bool tracheal = region.area >= 20.0 && region.area <= 700.0 && region.fill >= 0.45 &&
                            region.aspect <= 2.2 && std::abs(region.centreX - midline) * spacing[0] <= 30.0;
      const bool seen = std::any_of(
        region.pixels.begin(), region.pixels.end(), [&explored](std::size_t i) { return explored[i] != 0; });
      if (!tracheal || seen)
      {
        continue;
      }
      if (!Flood(image,
                 insideAir,
                 region.pixels,
                 static_cast<short>(std::min(-900.0, airThreshold)),
                 tracheaMinimum * 100,
                 reached,
                 visited))
      {
        seeds = region.pixels; // it reaches the lungs at once: still the trachea, with no wall to stop the flood
        found = true;
        break;
      }
      long zMin = nz, zMax = -1;
      for (const std::size_t i : reached)
      {
        const long zz = static_cast<long>(i / sliceSize);
        zMin = std::min(zMin, zz);
        zMax = std::max(zMax, zz);
        explored[i] = 1;
      }
      const long lowest = std::max(sliceFromTop(zMin), sliceFromTop(zMax)); // from the top: its own inverse
      if (static_cast<double>(zMax - zMin) * spacing[2] >= 30.0 && lowest > seedsLowest)
      {
        seeds = region.pixels;
        seedsLowest = lowest;
        found = lowest >= belowSearch;
        if (found)
          break;
      }
    }
  }
  if (seeds.empty())
  {
    return result;
  }
  result.tracheaFound = true;

  // Grow with rising thresholds while the volume grows like a tree's; a leak into the lungs multiplies it.
  const double             ceiling = std::min(-800.0, airThreshold - 100.0);
  const std::size_t        maximumVoxels = static_cast<std::size_t>(350.0 / voxelVolume); // no airway holds 350 mL
  std::vector<std::size_t> accepted;
  double                   acceptedThreshold = 0.0;
  for (double threshold = -990.0; threshold <= ceiling; threshold += 15.0)
  {
    const bool bounded = Flood(image, insideAir, seeds, static_cast<short>(threshold), maximumVoxels, reached, visited);
    const bool leaked = !bounded || (accepted.size() > static_cast<std::size_t>(5.0 / voxelVolume) &&
                                     reached.size() > 3 * accepted.size());
    if (leaked)
    {
      break;
    }
    accepted = reached;
    acceptedThreshold = threshold;
  }
  for (const std::size_t i : reached)
  {
    visited[i] = 0;
  }
  unsigned char * airway = result.airway->GetBufferPointer();
  for (const std::size_t i : accepted)
  {
    airway[i] = 1;
  }
  result.threshold = acceptedThreshold;
  result.volume = static_cast<double>(accepted.size()) * voxelVolume;
  return result;
}

} // namespace lung
} // namespace chestct
