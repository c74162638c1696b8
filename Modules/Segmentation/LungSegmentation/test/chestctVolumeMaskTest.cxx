// The lung method's whole-volume helpers that work row by row or run by run (ChangeByOneVoxel's dilation and
// erosion, ComputeComponentStatistics, GrowLabelsGeodesically), against plain references written voxel by
// voxel from their definitions, on random masks of every small shape, edges included.
#include "chestctVolumeMask.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace
{
using ComponentImage = itk::Image<unsigned int, 3>;
using chestct::lung::ComponentStatistics;
using chestct::lung::Extent;
using chestct::lung::MaskImage;

MaskImage::Pointer
NewImage(long nx, long ny, long nz)
{
  auto image = MaskImage::New();
  image->SetRegions(MaskImage::SizeType{ { static_cast<itk::SizeValueType>(nx),
                                           static_cast<itk::SizeValueType>(ny),
                                           static_cast<itk::SizeValueType>(nz) } });
  image->Allocate(true);
  return image;
}

/** Random boxes of values 1 to `values` (later ones over earlier ones), some cut by the image's edge. */
MaskImage::Pointer
RandomBoxes(std::mt19937 & random, long nx, long ny, long nz, int values)
{
  auto                                image = NewImage(nx, ny, nz);
  const Extent                        e(image);
  std::uniform_int_distribution<long> x(-2, nx + 1), y(-2, ny + 1), z(-2, nz + 1), shapes(0, 6);
  std::uniform_int_distribution<int>  value(1, values);
  for (long shape = shapes(random); shape > 0; --shape)
  {
    const long xa = x(random), xb = x(random), ya = y(random), yb = y(random), za = z(random), zb = z(random);
    const auto v = static_cast<unsigned char>(value(random));
    for (long k = std::max(0L, std::min(za, zb)); k <= std::min(nz - 1, std::max(za, zb)); ++k)
      for (long j = std::max(0L, std::min(ya, yb)); j <= std::min(ny - 1, std::max(ya, yb)); ++j)
        for (long i = std::max(0L, std::min(xa, xb)); i <= std::min(nx - 1, std::max(xa, xb)); ++i)
          image->GetBufferPointer()[e.Offset(i, j, k)] = v;
  }
  // A sprinkle of single voxels: runs of one, and holes in the boxes.
  std::uniform_int_distribution<std::size_t> anywhere(0, e.Count() - 1);
  for (std::size_t n = e.Count() / 10; n > 0; --n)
    image->GetBufferPointer()[anywhere(random)] = static_cast<unsigned char>(value(random) % (values + 1));
  return image;
}

/** Dilation (erosion) by one voxel, 6-neighbourhood, voxel by voxel; the edge counts as neither. */
std::vector<unsigned char>
ChangeByDefinition(const MaskImage * mask, bool dilate)
{
  const Extent               e(mask);
  const unsigned char *      in = mask->GetBufferPointer();
  std::vector<unsigned char> out(e.Count());
  for (long z = 0; z < e.nz; ++z)
    for (long y = 0; y < e.ny; ++y)
      for (long x = 0; x < e.nx; ++x)
      {
        bool       result = in[e.Offset(x, y, z)] != 0;
        const long neighbours[6][3] = { { x - 1, y, z }, { x + 1, y, z }, { x, y - 1, z },
                                        { x, y + 1, z }, { x, y, z - 1 }, { x, y, z + 1 } };
        for (const auto & n : neighbours)
        {
          if (n[0] < 0 || n[1] < 0 || n[2] < 0 || n[0] >= e.nx || n[1] >= e.ny || n[2] >= e.nz)
            continue;
          const bool set = in[e.Offset(n[0], n[1], n[2])] != 0;
          result = dilate ? result || set : result && set;
        }
        out[e.Offset(x, y, z)] = result ? 1 : 0;
      }
  return out;
}

/** Breadth-first growth from every seed at once, in the order of the seeds' offsets. */
std::vector<unsigned char>
GrowByDefinition(const MaskImage * seeds, const MaskImage * allowed)
{
  const Extent               e(seeds);
  std::vector<unsigned char> out(seeds->GetBufferPointer(), seeds->GetBufferPointer() + e.Count());
  std::vector<std::size_t>   queue;
  for (std::size_t i = 0; i < e.Count(); ++i)
    if (out[i] != 0)
      queue.push_back(i);
  for (std::size_t head = 0; head < queue.size(); ++head)
  {
    const std::size_t i = queue[head];
    const long        x = static_cast<long>(i % static_cast<std::size_t>(e.nx));
    const long        y = static_cast<long>(i / static_cast<std::size_t>(e.nx) % static_cast<std::size_t>(e.ny));
    const long        z = static_cast<long>(i / e.slice);
    const long        neighbours[6][3] = { { x - 1, y, z }, { x + 1, y, z }, { x, y - 1, z },
                                           { x, y + 1, z }, { x, y, z - 1 }, { x, y, z + 1 } };
    for (const auto & n : neighbours)
    {
      if (n[0] < 0 || n[1] < 0 || n[2] < 0 || n[0] >= e.nx || n[1] >= e.ny || n[2] >= e.nz)
        continue;
      const std::size_t j = e.Offset(n[0], n[1], n[2]);
      if (out[j] == 0 && allowed->GetBufferPointer()[j] != 0)
      {
        out[j] = out[i];
        queue.push_back(j);
      }
    }
  }
  return out;
}

/** Component statistics voxel by voxel. */
std::vector<ComponentStatistics>
StatisticsByDefinition(const ComponentImage * components, std::size_t count, const chestct::lung::SliceHulls * hulls,
                       const std::vector<unsigned char> & outside)
{
  const Extent                     e(components);
  std::vector<ComponentStatistics> statistics(count + 1);
  const auto                       start = components->GetBufferedRegion().GetIndex();
  const auto                       isOutside = [&](long x, long y) {
    return x < 0 || y < 0 || x >= e.nx || y >= e.ny ||
           (!outside.empty() && outside[static_cast<std::size_t>(y * e.nx + x)] != 0);
  };
  for (long z = 0; z < e.nz; ++z)
    for (long y = 0; y < e.ny; ++y)
      for (long x = 0; x < e.nx; ++x)
      {
        const unsigned int label = components->GetBufferPointer()[e.Offset(x, y, z)];
        if (label == 0 || label > count)
          continue;
        ComponentStatistics & s = statistics[label];
        const long            index[3] = { x + start[0], y + start[1], z + start[2] };
        for (unsigned int d = 0; d < 3; ++d)
        {
          s.lower[d] = s.voxels == 0 ? index[d] : std::min(s.lower[d], index[d]);
          s.upper[d] = s.voxels == 0 ? index[d] : std::max(s.upper[d], index[d]);
          s.indexSum[d] += static_cast<double>(index[d]);
        }
        ++s.voxels;
        if (hulls != nullptr && hulls->ColumnsInside(x, x, y, z) == 1)
          ++s.insideHull;
        s.touchesOutside =
          s.touchesOutside || isOutside(x - 1, y) || isOutside(x + 1, y) || isOutside(x, y - 1) || isOutside(x, y + 1);
      }
  return statistics;
}

/** Calls test(random, nx, ny, nz, trial) on 300 random sizes from 1 x 1 x 1 to 19 x 19 x 10. */
template <typename TTest>
void
ForRandomSizes(unsigned int seed, TTest test)
{
  std::mt19937                        random(seed);
  std::uniform_int_distribution<long> size(1, 19);
  for (int trial = 0; trial < 300; ++trial)
  {
    const long nx = size(random), ny = size(random), nz = size(random) / 2 + 1;
    INFO("trial " << trial << ": " << nx << " x " << ny << " x " << nz);
    test(random, nx, ny, nz, trial);
  }
}

std::vector<unsigned char>
BufferOf(const MaskImage * image)
{
  return { image->GetBufferPointer(), image->GetBufferPointer() + Extent(image).Count() };
}
} // namespace

TEST_CASE("Dilation and erosion by one voxel match their voxel-by-voxel definition", "[lung][mask]")
{
  ForRandomSizes(20261125u, [](std::mt19937 & random, long nx, long ny, long nz, int) {
    const auto mask = RandomBoxes(random, nx, ny, nz, 3); // labels too: any non-zero value is set
    CHECK(BufferOf(chestct::lung::DilateByOneVoxel(mask)) == ChangeByDefinition(mask, true));
    CHECK(BufferOf(chestct::lung::ErodeByOneVoxel(mask)) == ChangeByDefinition(mask, false));
  });
  // An erosion does not eat a mask where it touches the image's edge.
  const auto full = NewImage(4, 3, 2);
  full->FillBuffer(1);
  CHECK(BufferOf(chestct::lung::ErodeByOneVoxel(full)) == BufferOf(full));
}

TEST_CASE("Geodesic growth of labels matches a breadth-first search from every seed", "[lung][mask]")
{
  ForRandomSizes(11u, [](std::mt19937 & random, long nx, long ny, long nz, int trial) {
    const auto seeds = RandomBoxes(random, nx, ny, nz, 2);
    // Sparse seeds in a dense allowed region (the labels meet inside it), or, every other time, solid boxes of
    // seeds (most of them with nowhere to grow, which the growth leaves out of its queue).
    if (trial % 2 == 0)
    {
      for (unsigned char * v = seeds->GetBufferPointer(); v != seeds->GetBufferPointer() + Extent(seeds).Count(); ++v)
        *v = random() % 8 == 0 ? *v : 0;
    }
    const auto allowed = RandomBoxes(random, nx, ny, nz, 1);
    const auto expected = GrowByDefinition(seeds, allowed);
    chestct::lung::GrowLabelsGeodesically(seeds, allowed);
    CHECK(BufferOf(seeds) == expected);
  });
}

TEST_CASE("Component statistics gathered from the regions' runs match a voxel-by-voxel count", "[lung][mask]")
{
  ForRandomSizes(7u, [](std::mt19937 & random, long nx, long ny, long nz, int trial) {
    const auto mask = RandomBoxes(random, nx, ny, nz, 1);
    const auto regions = chestct::lung::RegionsOf(mask);
    // The reference counts over a label image of the regions.
    auto components = ComponentImage::New();
    components->SetRegions(mask->GetBufferedRegion());
    components->Allocate(true);
    regions.Paint(components->GetBufferPointer(), [](std::uint32_t label) { return label; });
    // A buffered region away from index 0: statistics are in the image's own indices.
    auto region = components->GetBufferedRegion();
    region.SetIndex({ { 3, -2, 5 } });
    components->SetRegions(region);
    mask->SetRegions(region);
    const chestct::lung::SliceHulls hulls(RandomBoxes(random, nx, ny, nz, 1));
    std::vector<unsigned char>      outside(static_cast<std::size_t>(nx * ny), 0);
    for (auto & pixel : outside)
      pixel = random() % 5 == 0 ? 1 : 0;
    const std::size_t largest = regions.NumberOfRegions();
    const std::size_t count = trial % 4 == 0 ? std::min<std::size_t>(2, largest) : largest; // beyond: ignored
    for (const bool withHulls : { false, true })
    {
      const auto & noOutside = std::vector<unsigned char>();
      const auto & outsideGiven = withHulls ? outside : noOutside;
      const auto   expected = StatisticsByDefinition(components, count, withHulls ? &hulls : nullptr, outsideGiven);
      const auto   found =
        chestct::lung::ComputeComponentStatistics(regions, mask, count, withHulls ? &hulls : nullptr, outsideGiven);
      REQUIRE(found.size() == expected.size());
      for (std::size_t label = 1; label < found.size(); ++label)
      {
        INFO("label " << label);
        CHECK(found[label].voxels == expected[label].voxels);
        CHECK(found[label].indexSum == expected[label].indexSum);
        if (expected[label].voxels > 0)
        {
          CHECK(found[label].lower == expected[label].lower);
          CHECK(found[label].upper == expected[label].upper);
        }
        CHECK(found[label].insideHull == expected[label].insideHull);
        CHECK(found[label].touchesOutside == expected[label].touchesOutside);
      }
    }
  });
}

TEST_CASE("The axes that enclose a voxel match a walk along each axis from it", "[lung][mask]")
{
  ForRandomSizes(31u, [](std::mt19937 & random, long nx, long ny, long nz, int trial) {
    auto mask = RandomBoxes(random, nx, ny, nz, 1);
    if (trial % 2 == 0) // sparse voxels as well as boxes
    {
      for (unsigned char * v = mask->GetBufferPointer(); v != mask->GetBufferPointer() + Extent(mask).Count(); ++v)
        *v = random() % 6 == 0 ? *v : 0;
    }
    // Anisotropic voxels: a reach of 4 mm is 4 steps along x, 2 along y and along a diagonal (1.80 mm a step),
    // 1 along z.
    mask->SetSpacing(itk::Vector<double, 3>(std::array<double, 3>{ { 1.0, 1.5, 2.5 } }.data()));
    const double reach = 4.0;
    const long   axes[5][3] = { { 1, 0, 0 }, { 0, 1, 0 }, { 1, 1, 0 }, { 1, -1, 0 }, { 0, 0, 1 } };
    const long   steps[5] = { 4, 2, 2, 2, 1 };
    const Extent e(mask);
    const auto   at = [&](long x, long y, long z) {
      return x >= 0 && y >= 0 && z >= 0 && x < nx && y < ny && z < nz &&
             mask->GetBufferPointer()[e.Offset(x, y, z)] != 0;
    };
    std::vector<unsigned char> expected(e.Count(), 0);
    for (long z = 0; z < nz; ++z)
      for (long y = 0; y < ny; ++y)
        for (long x = 0; x < nx; ++x)
        {
          if (at(x, y, z))
            continue;
          for (int a = 0; a < 5; ++a)
          {
            bool behind = false, ahead = false;
            for (long k = 1; k <= steps[a]; ++k)
            {
              behind = behind || at(x - k * axes[a][0], y - k * axes[a][1], z - k * axes[a][2]);
              ahead = ahead || at(x + k * axes[a][0], y + k * axes[a][1], z + k * axes[a][2]);
            }
            expected[e.Offset(x, y, z)] += behind && ahead ? 1 : 0;
          }
        }
    CHECK(BufferOf(chestct::lung::CountEnclosingAxes(mask, reach)) == expected);
  });
}

TEST_CASE("A slice's hull scaled about its centroid keeps its shape and its centre", "[lung][mask]")
{
  // A disc of radius 20 about (30, 25) in slice 0; slice 1 is empty.
  auto body = NewImage(64, 64, 2);
  for (long y = 0; y < 64; ++y)
    for (long x = 0; x < 64; ++x)
      if ((x - 30) * (x - 30) + (y - 25) * (y - 25) <= 400)
        body->GetBufferPointer()[Extent(body).Offset(x, y, 0)] = 1;
  const chestct::lung::SliceHulls whole(body);
  const chestct::lung::SliceHulls half(body, 0.5);
  const auto                      inside = [](const chestct::lung::SliceHulls & h, long x, long y, long z) {
    return h.ColumnsInside(x, x, y, z) == 1;
  };
  // The whole hull is the disc; the half one a disc of radius 10 about the same centre.
  CHECK(whole.ColumnsInside(0, 63, 25, 0) == 41);
  CHECK(half.ColumnsInside(0, 63, 25, 0) == 21);
  CHECK(half.ColumnsInside(0, 63, 25, 0) == half.ColumnsInside(20, 40, 25, 0));
  for (const auto & p :
       std::vector<std::array<long, 2>>{ { { 30, 25 } }, { { 39, 25 } }, { { 30, 16 } }, { { 36, 31 } } })
    CHECK(inside(half, p[0], p[1], 0));
  for (const auto & p :
       std::vector<std::array<long, 2>>{ { { 42, 25 } }, { { 30, 13 } }, { { 38, 33 } }, { { 18, 25 } } })
  {
    CHECK_FALSE(inside(half, p[0], p[1], 0));
    CHECK(inside(whole, p[0], p[1], 0));
  }
  CHECK(half.ColumnsInside(0, 63, 25, 1) == 0); // no hull in an empty slice
}
