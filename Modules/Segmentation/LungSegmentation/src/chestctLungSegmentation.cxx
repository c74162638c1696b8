#include "chestctLungSegmentation.h"

#include "chestctImageSlabs.h"
#include "chestctLungSegmentationAirway.h"
#include "chestctNumberText.h"
#include "chestctReturnFreedMemory.h"
#include "chestctSignedContourDistance.h"
#include "chestctVolumeMask.h"

#include "itkBinShrinkImageFilter.h"
#include "itkImageRegionIterator.h"
#include "itkMultiThreaderBase.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

namespace chestct
{
namespace
{
using namespace lung;

// Otsu's threshold between the air-and-lung class and the tissue class, over [-1024, 600] HU in 1 HU bins.
double
LearnAirThreshold(const HUImage * image, const std::vector<unsigned char> & outsideColumns)
{
  constexpr int       low = -1024;
  constexpr int       high = 600;
  std::vector<double> histogram(high - low + 1, 0.0);
  const Extent        g(image);
  const short *       hu = image->GetBufferPointer();
  for (std::size_t at = 0; at < g.Count(); at += g.slice) // slice by slice: no division per voxel
  {
    for (std::size_t i = 0; i < g.slice; ++i)
    {
      if (!outsideColumns.empty() && outsideColumns[i] != 0)
      {
        continue;
      }
      const int v = std::min(high, std::max(low, static_cast<int>(hu[at + i])));
      histogram[static_cast<std::size_t>(v - low)] += 1.0;
    }
  }
  double total = 0.0, sum = 0.0;
  for (std::size_t b = 0; b < histogram.size(); ++b)
  {
    total += histogram[b];
    sum += histogram[b] * static_cast<double>(b);
  }
  double bestThreshold = -400.0, bestBetween = -1.0, weight0 = 0.0, sum0 = 0.0;
  for (std::size_t b = 0; b + 1 < histogram.size(); ++b)
  {
    weight0 += histogram[b];
    sum0 += histogram[b] * static_cast<double>(b);
    const double weight1 = total - weight0;
    if (weight0 <= 0.0 || weight1 <= 0.0)
    {
      continue;
    }
    const double mean0 = sum0 / weight0;
    const double mean1 = (sum - sum0) / weight1;
    const double between = weight0 * weight1 * (mean0 - mean1) * (mean0 - mean1);
    if (between > bestBetween)
    {
      bestBetween = between;
      bestThreshold = static_cast<double>(b) + low + 0.5;
    }
  }
  return std::min(-250.0, std::max(-700.0, bestThreshold));
}

// Pixels (x, y) outside the scanner's reconstruction circle: they hold one and the same value, at or below
// -1000 HU, in every slice (the padding, whatever the reader mapped it to). Real air is never exactly
// constant through a whole stack.
std::vector<unsigned char>
FindOutsideColumns(const HUImage * image)
{
  OutsideColumnsFinder finder;
  finder.Add(image);
  return finder.Columns();
}

// The outside columns of the fine grid, seen on the coarse grid: any fine outside pixel in the block, then
// one more pixel around, so that blocks straddling the circle's edge (half padding, half anything) never
// link what lies inside the circle with what lies outside it.
std::vector<unsigned char>
CoarsenOutsideColumns(const std::vector<unsigned char> & fine, const Extent & fineGrid, const Extent & coarseGrid,
                      const std::array<unsigned int, 3> & factors)
{
  std::vector<unsigned char> coarse(coarseGrid.slice, 0);
  for (long y = 0; y < fineGrid.ny; ++y)
    for (long x = 0; x < fineGrid.nx; ++x)
      if (fine[static_cast<std::size_t>(y * fineGrid.nx + x)] != 0)
      {
        const long cx = std::min(coarseGrid.nx - 1, x / static_cast<long>(factors[0]));
        const long cy = std::min(coarseGrid.ny - 1, y / static_cast<long>(factors[1]));
        coarse[static_cast<std::size_t>(cy * coarseGrid.nx + cx)] = 1;
      }
  std::vector<unsigned char> grown = coarse;
  for (long y = 0; y < coarseGrid.ny; ++y)
    for (long x = 0; x < coarseGrid.nx; ++x)
      if (coarse[static_cast<std::size_t>(y * coarseGrid.nx + x)] != 0)
        for (long dy = -1; dy <= 1; ++dy)
          for (long dx = -1; dx <= 1; ++dx)
          {
            const long xx = x + dx, yy = y + dy;
            if (xx >= 0 && yy >= 0 && xx < coarseGrid.nx && yy < coarseGrid.ny)
              grown[static_cast<std::size_t>(yy * coarseGrid.nx + xx)] = 1;
          }
  return grown;
}

itk::Point<double, 3>
PhysicalCentroid(const itk::ImageBase<3> * image, const ComponentStatistics & s)
{
  const auto                      c = s.CentroidIndex();
  itk::ContinuousIndex<double, 3> index;
  itk::Point<double, 3>           point;
  for (unsigned int d = 0; d < 3; ++d)
    index[d] = c[d];
  image->TransformContinuousIndexToPhysicalPoint(index, point);
  return point;
}

// The physical x (LPS: towards the patient's left) of a voxel, as a cheap affine function of its index.
struct PhysicalX
{
  double origin, dx, dy, dz;
  explicit PhysicalX(const itk::ImageBase<3> * image)
  {
    const auto & D = image->GetDirection();
    const auto & s = image->GetSpacing();
    origin = image->GetOrigin()[0];
    dx = D[0][0] * s[0];
    dy = D[0][1] * s[1];
    dz = D[0][2] * s[2];
  }
  double
  operator()(long x, long y, long z) const
  {
    return origin + dx * static_cast<double>(x) + dy * static_cast<double>(y) + dz * static_cast<double>(z);
  }
};

// The voxels of one label, on a region of a label image (index and geometry kept).
MaskImage::Pointer
MaskOfLabel(const MaskImage * labels, unsigned char label, const MaskImage::RegionType & region)
{
  auto mask = MaskImage::New();
  mask->CopyInformation(labels);
  mask->SetRegions(region);
  mask->Allocate();
  itk::ImageRegionConstIterator<MaskImage> from(labels, region);
  itk::ImageRegionIterator<MaskImage>      to(mask, region);
  for (; !from.IsAtEnd(); ++from, ++to)
    to.Set(from.Get() == label ? 1 : 0);
  return mask;
}

// Cuts a region holding both lungs where they touch (the anterior junction, or a carina the airway did not
// remove): erode it (through its distance map) until it falls into two large parts on either side of the
// midline, then give every voxel to the part that reaches it first through the region.
bool
SeparateLungs(const MaskImage * both, double midlineX, MaskImage * labels, double & depth)
{
  // Most lungs that touch part within a few millimetres (A0001's at 4 mm, COPDGene's at 6). The depths up to
  // kFirstReach come from a map exact that far only (ComputeSignedContourDistance's reach): 25 to 27 ms
  // against 41 to 46 ms for the whole map on A0001's box of 2.1 million voxels. The whole map is made only
  // for deeper cuts.
  constexpr double kFirstReach = 8.0;
  auto             distance = ComputeSignedContourDistance(both, kFirstReach);
  bool             wholeMap = false;
  const Extent     g(both);
  const double     step = std::min({ both->GetSpacing()[0], both->GetSpacing()[1], both->GetSpacing()[2] });
  for (depth = step; depth <= 30.0; depth += step)
  {
    if (depth > kFirstReach && !wholeMap)
    {
      distance = ComputeSignedContourDistance(both);
      wholeMap = true;
    }
    const float * d = distance->GetBufferPointer();
    auto          core = NewMask(both);
    for (std::size_t i = 0; i < g.Count(); ++i)
      core->GetBufferPointer()[i] = d[i] <= -depth ? 1 : 0;
    const auto components = RegionsOf(core);
    const auto statistics = ComputeComponentStatistics(components, core, 2, nullptr, {});
    if (statistics.size() < 3 || statistics[2].voxels == 0)
    {
      continue;
    }
    const std::size_t remaining = statistics[1].voxels + statistics[2].voxels;
    if (statistics[2].voxels * 10 < remaining)
    {
      continue; // a small piece broke off (an apex, a tip): not the two lungs yet
    }
    const double x1 = PhysicalCentroid(both, statistics[1])[0];
    const double x2 = PhysicalCentroid(both, statistics[2])[0];
    if ((x1 - midlineX) * (x2 - midlineX) >= 0.0)
    {
      continue; // two lobes of one lung
    }
    // Right lung (smaller x in LPS) label 1, left lung label 2.
    const unsigned int rightComponent = x1 < x2 ? 1 : 2;
    labels->FillBuffer(0);
    components.Paint(labels->GetBufferPointer(), [rightComponent](std::uint32_t label) {
      return static_cast<unsigned char>(label > 2 ? 0 : (label == rightComponent ? 1 : 2));
    });
    GrowLabelsGeodesically(labels, both);
    return true;
  }
  return false;
}

// A lung's bounding box with a frame of one voxel (none past the image's own edge, where the fill takes the
// edge as background): filling and closing never reach beyond the lung's convex hull, so the box holds all
// they can add, at a fraction of the cost.
struct LungBox
{
  long origin[3]{ 0, 0, 0 };
  long size[3]{ 0, 0, 0 };
  bool empty{ true };
};

// The boxes of labels 1 and 2 (right and left lung), found in one pass over the labels.
std::array<LungBox, 2>
LungBoxes(const MaskImage * labels)
{
  const Extent          g(labels);
  const unsigned char * in = labels->GetBufferPointer();
  long                  lower[2][3], upper[2][3];
  for (unsigned int l = 0; l < 2; ++l)
  {
    lower[l][0] = g.nx;
    lower[l][1] = g.ny;
    lower[l][2] = g.nz;
    upper[l][0] = upper[l][1] = upper[l][2] = -1;
  }
  for (long z = 0; z < g.nz; ++z)
    for (long y = 0; y < g.ny; ++y)
    {
      const unsigned char * row = in + g.Offset(0, y, z);
      for (long x = 0; x < g.nx; ++x)
        if (row[x] == 1 || row[x] == 2)
        {
          long * low = lower[row[x] - 1];
          long * high = upper[row[x] - 1];
          low[0] = std::min(low[0], x);
          high[0] = std::max(high[0], x);
          low[1] = std::min(low[1], y);
          high[1] = std::max(high[1], y);
          low[2] = std::min(low[2], z);
          high[2] = std::max(high[2], z);
        }
    }
  const long             extent[3] = { g.nx, g.ny, g.nz };
  std::array<LungBox, 2> boxes;
  for (unsigned int l = 0; l < 2; ++l)
  {
    boxes[l].empty = upper[l][0] < 0;
    for (unsigned int d = 0; d < 3 && !boxes[l].empty; ++d)
    {
      boxes[l].origin[d] = std::max(0L, lower[l][d] - 1);
      boxes[l].size[d] = std::min(extent[d] - 1, upper[l][d] + 1) - boxes[l].origin[d] + 1;
    }
  }
  return boxes;
}

// The box's voxels as an image of their own (index from 0, its origin moved so that the voxels keep their
// positions), each set to value(its offset in `image`).
template <typename TValue>
MaskImage::Pointer
BoxImage(const MaskImage * image, const LungBox & box, TValue value)
{
  const Extent g(image);
  auto         result = MaskImage::New();
  result->SetSpacing(image->GetSpacing());
  result->SetDirection(image->GetDirection());
  result->SetRegions(MaskImage::SizeType{ { static_cast<itk::SizeValueType>(box.size[0]),
                                            static_cast<itk::SizeValueType>(box.size[1]),
                                            static_cast<itk::SizeValueType>(box.size[2]) } });
  MaskImage::PointType origin;
  image->TransformIndexToPhysicalPoint(MaskImage::IndexType{ { box.origin[0], box.origin[1], box.origin[2] } }, origin);
  result->SetOrigin(origin);
  result->Allocate();
  unsigned char * out = result->GetBufferPointer();
  for (long z = 0; z < box.size[2]; ++z)
    for (long y = 0; y < box.size[1]; ++y)
    {
      const std::size_t from = g.Offset(box.origin[0], y + box.origin[1], z + box.origin[2]);
      for (long x = 0; x < box.size[0]; ++x)
        *out++ = value(from + static_cast<std::size_t>(x));
    }
  return result;
}

// How near the air outside (mm, in the slice) a region's surface must lie to be behind a thin wall, and on how
// much of its surface: a couch top's shell is 1 to 3 mm of carbon fibre, blurred over a voxel or two, all round
// but where it touches the patient; a chest wall is a centimetre or more, and even a thin one (an infant's) lies
// over the costal surface only, under half of a lung's.
constexpr double kThinWall = 6.0;
constexpr double kThinWalledSurface = 0.5;

// Of the regions labelled 1..statistics.size()-1 in `regions` that hold at least minimumVoxels (smaller ones are
// never taken for a lung), those with more than kThinWalledSurface of their surface voxels (a face neighbour
// outside the region) within kThinWall mm, in their slice, of the air outside the body (air not inside it). In
// the slice only: a couch is the same in every slice, and slices can be thick.
std::vector<unsigned int>
ThinWalledRegions(const MaskImage * regions, const std::vector<ComponentStatistics> & statistics, const MaskImage * air,
                  const MaskImage * insideAir, std::size_t minimumVoxels)
{
  const Extent          e(regions);
  const unsigned char * label = regions->GetBufferPointer();
  const unsigned char * isAir = air->GetBufferPointer();
  const unsigned char * isInsideAir = insideAir->GetBufferPointer();
  const long            columns = std::max(1L, std::lround(kThinWall / regions->GetSpacing()[0]));
  const long            rows = std::max(1L, std::lround(kThinWall / regions->GetSpacing()[1]));
  // Whether air outside lies within kThinWall mm of columns and of rows of (x, y) in slice z: looked up for
  // surface voxels only, a few per cent of a lung's.
  const auto nearOutsideAir = [&](long x, long y, long z) {
    for (long v = std::max(0L, y - rows); v <= std::min(e.ny - 1, y + rows); ++v)
    {
      const std::size_t row = e.Offset(0, v, z);
      for (long u = std::max(0L, x - columns); u <= std::min(e.nx - 1, x + columns); ++u)
        if (isAir[row + static_cast<std::size_t>(u)] != 0 && isInsideAir[row + static_cast<std::size_t>(u)] == 0)
          return true;
    }
    return false;
  };
  std::vector<unsigned int> thin;
  for (unsigned int l = 1; l < statistics.size(); ++l)
  {
    const ComponentStatistics & s = statistics[l];
    if (s.voxels < minimumVoxels)
      break; // the regions come largest first
    std::size_t surface = 0, behindThinWall = 0;
    for (long z = s.lower[2]; z <= s.upper[2]; ++z)
      for (long y = s.lower[1]; y <= s.upper[1]; ++y)
        for (long x = s.lower[0]; x <= s.upper[0]; ++x)
        {
          const std::size_t i = e.Offset(x, y, z);
          if (label[i] != l)
            continue;
          const bool onSurface = x == 0 || x == e.nx - 1 || y == 0 || y == e.ny - 1 || z == 0 || z == e.nz - 1 ||
                                 label[i - 1] != l || label[i + 1] != l || label[i - e.nx] != l ||
                                 label[i + e.nx] != l || label[i - e.slice] != l || label[i + e.slice] != l;
          if (onSurface)
          {
            ++surface;
            behindThinWall += nearOutsideAir(x, y, z) ? 1 : 0;
          }
        }
    if (static_cast<double>(behindThinWall) > kThinWalledSurface * static_cast<double>(surface))
      thin.push_back(l);
  }
  return thin;
}

// The voxels of a pleural bay: enclosed by the lung along at least this many of CountEnclosingAxes' five axes.
// One axis encloses the tissue along a smooth outline's tangent at a corner; the hemisphere of a nodule is
// enclosed along the pleura's two directions.
constexpr unsigned int kPleuralBayAxes = 2;
// The outer part of the chest, where a pleural bay may be filled, lies outside the lungs' joint hull in each slice
// shrunk to this fraction about its centroid: the costal pleura lies on the hull's outline, the hilum about
// halfway out.
constexpr double kInnerPartOfChest = 0.8;

// Hole filling, ball closing, the pleural bays the ball leaves, hole filling, of one lung on its box; what it
// gains must not be the other lung, the airway or the air outside (`forbidden`), and a bay's voxel only
// joins where mayFillBay(x, y, z) (box indices) allows.
template <typename TMayFillBay>
MaskImage::Pointer
RefineLungOnBox(const MaskImage * lung, const MaskImage * forbidden, double radius, double bayReach,
                TMayFillBay mayFillBay)
{
  auto filled = NewMask(lung);
  std::copy(lung->GetBufferPointer(),
            lung->GetBufferPointer() + lung->GetBufferedRegion().GetNumberOfPixels(),
            filled->GetBufferPointer());
  FillHolesInEachSlice(filled);
  auto              closed = radius > 0.0 ? BallClosing(filled, radius) : filled;
  const std::size_t n = lung->GetBufferedRegion().GetNumberOfPixels();
  for (std::size_t i = 0; i < n; ++i)
    if (forbidden->GetBufferPointer()[i] != 0)
      closed->GetBufferPointer()[i] = lung->GetBufferPointer()[i];
  if (bayReach > 0.0)
  {
    const auto            axes = CountEnclosingAxes(closed, bayReach);
    const unsigned char * enclosing = axes->GetBufferPointer();
    unsigned char *       out = closed->GetBufferPointer();
    const Extent          e(closed);
    for (long z = 0; z < e.nz; ++z)
      for (long y = 0; y < e.ny; ++y)
        for (long x = 0; x < e.nx; ++x)
        {
          const std::size_t i = e.Offset(x, y, z);
          if (enclosing[i] >= kPleuralBayAxes && forbidden->GetBufferPointer()[i] == 0 && mayFillBay(x, y, z))
            out[i] = 1;
        }
  }
  FillHolesInEachSlice(closed);
  return closed;
}


/** The blocks of whole voxels averaged into the working grid: about `workingSpacing` mm on a side along each
 * axis (at least one voxel), leaving at least 8 working voxels along each axis. */
std::array<unsigned int, 3>
WorkingGridShrinkFactors(const itk::ImageBase<3> & image, double workingSpacing)
{
  std::array<unsigned int, 3> factors;
  for (unsigned int d = 0; d < 3; ++d)
  {
    const double ratio = workingSpacing / image.GetSpacing()[d];
    factors[d] = static_cast<unsigned int>(std::max(1.0, std::floor(ratio + 0.5)));
    // At least 8 working voxels along each axis, however thick the voxels asked for.
    const auto size = static_cast<long>(image.GetLargestPossibleRegion().GetSize(d));
    factors[d] = std::min<unsigned int>(factors[d], static_cast<unsigned int>(std::max<long>(1, size / 8)));
  }
  return factors;
}

} // namespace

itk::Image<short, 3>::Pointer
NewWorkingGrid(const itk::ImageBase<3> & inputGrid, double workingSpacing)
{
  // BinShrinkImageFilter's own geometry of the whole input, from an input of that grid holding no pixels.
  auto geometry = HUImage::New();
  geometry->CopyInformation(&inputGrid);
  auto shrink = itk::BinShrinkImageFilter<HUImage, HUImage>::New();
  shrink->SetInput(geometry);
  shrink->SetShrinkFactors(WorkingGridShrinkFactors(inputGrid, workingSpacing).data());
  shrink->UpdateOutputInformation();
  auto working = HUImage::New();
  working->CopyInformation(shrink->GetOutput());
  working->SetRegions(shrink->GetOutput()->GetLargestPossibleRegion());
  working->Allocate();
  return working;
}

unsigned int
WorkingGridSliceFactor(const itk::ImageBase<3> & inputGrid, double workingSpacing)
{
  return WorkingGridShrinkFactors(inputGrid, workingSpacing)[2];
}

void
ShrinkSlabIntoWorkingGrid(const itk::Image<short, 3> * slab, itk::Image<short, 3> * working, double workingSpacing)
{
  const std::array<unsigned int, 3> factors = WorkingGridShrinkFactors(*slab, workingSpacing);
  const auto &                      region = slab->GetBufferedRegion();
  const long                        f = static_cast<long>(factors[2]);
  if (region.GetIndex(2) % f != 0)
  {
    itkGenericExceptionMacro("ShrinkSlabIntoWorkingGrid: the slab starts at slice " << region.GetIndex(2)
                                                                                    << ", not at a multiple of " << f);
  }
  // The working slices whose blocks the slab holds whole (a block cut by the stack's end is dropped, as
  // BinShrinkImageFilter drops it for the whole input).
  auto wanted = working->GetLargestPossibleRegion();
  wanted.SetIndex(2, region.GetIndex(2) / f);
  const long last = std::min<long>((region.GetIndex(2) + static_cast<long>(region.GetSize(2))) / f,
                                   static_cast<long>(wanted.GetSize(2)));
  if (last <= wanted.GetIndex(2))
  {
    return;
  }
  wanted.SetSize(2, static_cast<itk::SizeValueType>(last - wanted.GetIndex(2)));
  // The filter itself, asked for those slices only: it reads the blocks they need, the same sums as for the
  // whole input.
  auto shrink = itk::BinShrinkImageFilter<HUImage, HUImage>::New();
  shrink->SetInput(slab);
  shrink->SetShrinkFactors(factors.data());
  shrink->UpdateOutputInformation();
  shrink->GetOutput()->SetRequestedRegion(wanted);
  shrink->GetOutput()->Update();
  const HUImage *   part = shrink->GetOutput();
  const std::size_t pixels = wanted.GetNumberOfPixels();
  const short *     from = part->GetBufferPointer() + (part->ComputeOffset(wanted.GetIndex()));
  std::copy(from, from + pixels, working->GetBufferPointer() + working->ComputeOffset(wanted.GetIndex()));
}

void
OutsideColumnsFinder::Add(const itk::Image<short, 3> * slab)
{
  const Extent  g(slab);
  const short * hu = slab->GetBufferPointer();
  std::size_t   first = 0;
  if (m_Slices == 0)
  {
    m_First.assign(hu, hu + g.slice);
    m_Outside.resize(g.slice);
    for (std::size_t i = 0; i < g.slice; ++i)
    {
      m_Outside[i] = hu[i] <= -1000 ? 1 : 0;
    }
    first = g.slice;
  }
  else if (m_First.size() != g.slice)
  {
    itkGenericExceptionMacro("OutsideColumnsFinder: a slab of another slice size");
  }
  // Slice by slice, through plain pointers: a store through the vector's operator[] might, for all the compiler
  // knows, change the vectors themselves (a byte may alias anything), which kept this loop from vectorizing.
  unsigned char * outside = m_Outside.data();
  const short *   reference = m_First.data();
  for (std::size_t at = first; at < g.Count(); at += g.slice)
  {
    const short * slice = hu + at;
    for (std::size_t i = 0; i < g.slice; ++i)
    {
      outside[i] &= static_cast<unsigned char>(slice[i] == reference[i]);
    }
  }
  m_Slices += g.nz;
}

std::vector<unsigned char>
OutsideColumnsFinder::Columns() const
{
  if (m_Slices < 2)
  {
    return std::vector<unsigned char>(m_First.size(), 0); // one slice tells nothing
  }
  return m_Outside;
}

itk::Image<short, 3>::Pointer
ShrinkToWorkingGrid(const itk::Image<short, 3> * image, double workingSpacing)
{
  auto shrink = itk::BinShrinkImageFilter<HUImage, HUImage>::New();
  shrink->SetInput(image);
  shrink->SetShrinkFactors(WorkingGridShrinkFactors(*image, workingSpacing).data());
  shrink->Update();
  HUImage::Pointer working = shrink->GetOutput();
  working->DisconnectPipeline();
  return working;
}

LungSlabLabeller::LungSlabLabeller(const itk::ImageBase<3> & inputGrid, itk::Image<short, 3>::ConstPointer working,
                                   std::vector<unsigned char>         inputOutside,
                                   const LungSegmentationParameters & parameters, LungSegmentationSteps * steps)
  : m_InputOutside(std::move(inputOutside))
{
  // The input's grid, whole: what Extent and the shrink factors read of it.
  auto grid = itk::ImageBase<3>::New();
  grid->CopyInformation(&inputGrid);
  grid->SetBufferedRegion(inputGrid.GetLargestPossibleRegion());
  m_InputGrid = grid;
  const itk::ImageBase<3> * image = grid;
  LungSegmentationReport &  report = m_Report;
  const Extent              fine(image);
  if (m_InputOutside.size() != fine.slice)
  {
    itkGenericExceptionMacro("LungSlabLabeller: the outside columns are not the input grid's");
  }
  const auto & fineOutside = m_InputOutside;

  // 1. The working grid: whole blocks of voxels averaged, about workingSpacing mm on a side.
  const std::array<unsigned int, 3> factors = WorkingGridShrinkFactors(*image, parameters.workingSpacing);
  m_Factors = factors;
  for (unsigned int d = 0; d < 3; ++d)
  {
    if (working->GetLargestPossibleRegion().GetSize(d) != image->GetLargestPossibleRegion().GetSize(d) / factors[d])
    {
      itkGenericExceptionMacro("the working image given is not ShrinkToWorkingGrid's of the input grid");
    }
  }
  const Extent coarse(working);
  const auto & spacing = working->GetSpacing();
  const double voxelVolume = spacing[0] * spacing[1] * spacing[2] / 1000.0;

  // 2. The air threshold, and what lies outside the scanner's field of view.
  const auto outside = CoarsenOutsideColumns(fineOutside, fine, coarse, factors);
  report.airThreshold =
    std::isnan(parameters.airThreshold) ? LearnAirThreshold(working, outside) : parameters.airThreshold;
  const short threshold = static_cast<short>(std::lround(report.airThreshold));
  m_Threshold = threshold;
  const short * hu = working->GetBufferPointer();

  // 3. The body: the largest connected region of tissue; its convex hull, slice by slice.
  auto tissue = NewMask(working);
  auto air = NewMask(working);
  for (std::size_t at = 0; at < coarse.Count(); at += coarse.slice) // slice by slice: no division per voxel
  {
    unsigned char * tissueSlice = tissue->GetBufferPointer() + at;
    unsigned char * airSlice = air->GetBufferPointer() + at;
    for (std::size_t i = 0; i < coarse.slice; ++i)
    {
      const bool inside = outside[i] == 0;
      tissueSlice[i] = inside && hu[at + i] >= threshold ? 1 : 0;
      airSlice[i] = inside && hu[at + i] < threshold ? 1 : 0;
    }
  }
  auto body = LargestComponent(tissue);
  tissue = nullptr;
  const SliceHulls hulls(body);

  // 4. Air inside the body: every connected region of air except those that reach the edge of the image or
  // of the field of view and lie mostly outside the body's hull (a lung cut by the field of view reaches
  // its edge too, but lies inside the hull).
  auto insideAir = NewMask(working);
  {
    // From the regions' runs: no label image (30 MB of 32-bit labels on a chest's working grid) is made.
    const auto components = RegionsOf(air);
    const auto statistics = ComputeComponentStatistics(components, air, components.NumberOfRegions(), &hulls, outside);
    components.Paint(insideAir->GetBufferPointer(), [&statistics](std::uint32_t label) {
      const ComponentStatistics & s = statistics[label];
      const bool                  outsideAir = s.touchesOutside && 2 * s.insideHull < s.voxels;
      return static_cast<unsigned char>(outsideAir ? 0 : 1);
    });
  }

  // 5. The airway, grown from the trachea, and taken out of the lungs with one voxel around it.
  auto airway = SegmentAirway(working, insideAir, body, report.airThreshold);
  report.tracheaFound = airway.tracheaFound;
  report.airwayThreshold = airway.threshold;
  report.airwayVolume = airway.volume;
  if (!airway.tracheaFound)
  {
    report.notes.push_back("no trachea found at the top of the stack: airways were not removed by region growing");
  }
  auto candidates = NewMask(working);
  {
    const auto airwayMargin = DilateByOneVoxel(airway.airway);
    for (std::size_t i = 0; i < coarse.Count(); ++i)
      candidates->GetBufferPointer()[i] =
        insideAir->GetBufferPointer()[i] != 0 && airwayMargin->GetBufferPointer()[i] == 0 ? 1 : 0;
  }

  // 6. The lungs among the remaining regions: the largest, and the largest beside it on the other side of
  // the midline that shares its height; one region across the midline holds both and is cut in two.
  MaskImage::Pointer regions; // the candidates' face-connected regions, largest first
  const auto         findRegions = [&] {
    const auto components = RegionsOf(candidates);
    auto       statistics = ComputeComponentStatistics(components, candidates, 8, nullptr, {});
    // The method reads only the eight largest regions, as bytes: the 254 largest keep their labels, and every
    // smaller one becomes 255 (the steps figure shows those in one colour).
    regions = NewMask(candidates);
    components.Paint(regions->GetBufferPointer(),
                     [](std::uint32_t label) { return static_cast<unsigned char>(std::min(label, 255U)); });
    return statistics;
  };
  auto              statistics = findRegions();
  const std::size_t minimumVoxels = static_cast<std::size_t>(std::ceil(parameters.minimumLungVolume / voxelVolume));
  // Air that only a thin wall parts from the air outside is not the patient's: the foam core of a couch top or
  // of an immobilisation cushion inside the field of view lies under a shell of a few millimetres, a lung
  // under a chest wall of a centimetre or more. Step 4 counted such a region as air inside the body, since it
  // reaches no edge; it is corrected here, where the largest regions are labelled: the region becomes air
  // outside (for filling and closing too), and the regions are found again.
  {
    std::array<bool, 256> thinWalled{}; // by region label
    std::size_t           removed = 0;
    for (const unsigned int label : ThinWalledRegions(regions, statistics, air, insideAir, minimumVoxels))
    {
      thinWalled[label] = true;
      removed += statistics[label].voxels;
    }
    if (removed > 0)
    {
      unsigned char *       c = candidates->GetBufferPointer();
      unsigned char *       inside = insideAir->GetBufferPointer();
      const unsigned char * r = regions->GetBufferPointer();
      for (std::size_t i = 0; i < coarse.Count(); ++i)
        if (thinWalled[r[i]])
          c[i] = inside[i] = 0;
      report.notes.push_back(FormatFixed(static_cast<double>(removed) * voxelVolume, 0) +
                             " mL of air behind a wall of a few millimetres from the air outside (the foam of a "
                             "couch top or a cushion) was not taken for lung");
      statistics = findRegions();
    }
  }
  double midlineX = 0.0; // the body's centroid
  {
    const PhysicalX physicalX(working);
    double          sum = 0.0;
    std::size_t     count = 0;
    for (long z = 0; z < coarse.nz; ++z)
      for (long y = 0; y < coarse.ny; ++y)
        for (long x = 0; x < coarse.nx; ++x)
          if (body->GetBufferPointer()[static_cast<std::size_t>(z) * coarse.slice +
                                       static_cast<std::size_t>(y * coarse.nx + x)] != 0)
          {
            sum += physicalX(x, y, z);
            ++count;
          }
    midlineX = count > 0 ? sum / static_cast<double>(count) : 0.0;
  }
  auto lungLabels = NewMask(working);
  if (statistics.size() < 2 || statistics[1].voxels < minimumVoxels)
  {
    report.notes.push_back("no lung found: no region of air inside the body holds " +
                           FormatFixed(parameters.minimumLungVolume, 0) + " mL");
  }
  else
  {
    const double x1 = PhysicalCentroid(working, statistics[1])[0];
    unsigned int second = 0;
    for (unsigned int label = 2; label < statistics.size(); ++label)
    {
      const ComponentStatistics & s = statistics[label];
      if (s.voxels < minimumVoxels || s.voxels * 20 < statistics[1].voxels)
        break;
      const double x = PhysicalCentroid(working, s)[0];
      const long overlap = std::min(s.upper[2], statistics[1].upper[2]) - std::max(s.lower[2], statistics[1].lower[2]);
      if ((x - midlineX) * (x1 - midlineX) < 0.0 && 10 * overlap >= 3 * (s.upper[2] - s.lower[2]))
      {
        second = label;
        break;
      }
    }
    // How much of the largest region lies across the midline.
    const PhysicalX       physicalX(working);
    std::size_t           rightVoxels = 0;
    const unsigned char * c = regions->GetBufferPointer();
    for (long z = 0; z < coarse.nz; ++z)
      for (long y = 0; y < coarse.ny; ++y)
        for (long x = 0; x < coarse.nx; ++x)
          if (c[static_cast<std::size_t>(z) * coarse.slice + static_cast<std::size_t>(y * coarse.nx + x)] == 1 &&
              physicalX(x, y, z) < midlineX)
            ++rightVoxels;
    const double minority = static_cast<double>(std::min(rightVoxels, statistics[1].voxels - rightVoxels)) /
                            static_cast<double>(statistics[1].voxels);
    bool separated = false;
    if (second == 0 && minority >= 0.2)
    {
      // On the region's bounding box, with a voxel of background around it: the distance map and the
      // components of each erosion cost what the region's size does, not the volume's.
      const ComponentStatistics & s = statistics[1];
      MaskImage::RegionType       box;
      for (unsigned int d = 0; d < 3; ++d)
      {
        const long size = d == 0 ? coarse.nx : d == 1 ? coarse.ny : coarse.nz;
        const long lower = std::max(0L, s.lower[d] - 1);
        box.SetIndex(d, lower);
        box.SetSize(d, static_cast<itk::SizeValueType>(std::min(size - 1, s.upper[d] + 1) - lower + 1));
      }
      const auto both = MaskOfLabel(regions, 1, box);
      auto       boxLabels = NewMask(both);
      separated = SeparateLungs(both, midlineX, boxLabels, report.separationDepth);
      if (separated)
      {
        itk::ImageRegionConstIterator<MaskImage> from(boxLabels, box);
        itk::ImageRegionIterator<MaskImage>      to(lungLabels, box);
        for (; !from.IsAtEnd(); ++from, ++to)
          to.Set(from.Get());
      }
      report.lungsSeparated = separated;
      if (separated)
      {
        report.notes.push_back("the lungs touched (or the airway between them was not removed): cut apart after " +
                               FormatFixed(report.separationDepth, 1) + " mm of erosion");
      }
      else
      {
        report.notes.push_back("one region spans both sides and could not be cut in two: labelled as one lung");
      }
    }
    if (!separated)
    {
      const unsigned int label1 = x1 < midlineX ? 1 : 2;
      unsigned char *    out = lungLabels->GetBufferPointer();
      for (std::size_t i = 0; i < coarse.Count(); ++i)
        out[i] = c[i] == 1 ? label1 : (second != 0 && c[i] == second ? 3 - label1 : 0);
      if (second == 0 && minority < 0.2)
      {
        report.notes.push_back(std::string("only one lung found (the ") + (label1 == 1 ? "right" : "left") + ")");
      }
    }
  }

  // The steps figure's slice of the working-grid images it shows: the one holding the input slice asked
  // for, or the one with the most lung. Taken now, so that the images only the figure needs go before
  // filling and closing allocate.
  const bool keepSteps = steps != nullptr && parameters.keepSteps;
  if (keepSteps)
  {
    long k = 0;
    if (parameters.stepsSlice >= 0)
    {
      k = std::min(coarse.nz - 1, parameters.stepsSlice / static_cast<long>(factors[2]));
      steps->inputSlice = parameters.stepsSlice;
    }
    else
    {
      std::size_t most = 0;
      for (long z = 0; z < coarse.nz; ++z)
      {
        const unsigned char * slice = lungLabels->GetBufferPointer() + static_cast<std::size_t>(z) * coarse.slice;
        const auto            count =
          static_cast<std::size_t>(std::count_if(slice, slice + coarse.slice, [](unsigned char v) { return v != 0; }));
        if (count > most)
        {
          most = count;
          k = z;
        }
      }
      steps->inputSlice = std::min(fine.nz - 1, k * static_cast<long>(factors[2]) + factors[2] / 2);
    }
    steps->workingImage = CopySlices(working.GetPointer(), k, 1);
    steps->airMask = CopySlices(air.GetPointer(), k, 1);
    steps->insideAirMask = CopySlices(candidates.GetPointer(), k, 1);
    steps->components = CopySlices<LungSegmentationSteps::ComponentImageType>(regions.GetPointer(), k, 1);
  }
  working = nullptr; // gone here unless the caller holds it too
  regions = nullptr;
  candidates = nullptr;

  // 7. Each lung filled and closed, on its bounding box (LungBox) of the working grid.
  auto                      refined = NewMask(lungLabels);
  auto                      added = NewMask(lungLabels); // gained by filling and closing, not air itself
  const unsigned char *     labelled = lungLabels->GetBufferPointer();
  const unsigned char *     airwayVoxels = airway.airway->GetBufferPointer();
  const unsigned char *     airVoxels = air->GetBufferPointer();
  const unsigned char *     insideAirVoxels = insideAir->GetBufferPointer();
  const auto                boxes = LungBoxes(lungLabels);
  std::optional<SliceHulls> innerPartOfChest; // pleural bays are filled outside it, if at all
  if (parameters.pleuralBayReach > 0.0)
    innerPartOfChest.emplace(lungLabels, kInnerPartOfChest);
  for (unsigned char label = 1; label <= 2; ++label)
  {
    const LungBox & box = boxes[label - 1];
    if (box.empty)
      continue;
    const auto lung = BoxImage(lungLabels, box, [&](std::size_t i) -> unsigned char { return labelled[i] == label; });
    const auto forbidden = BoxImage(lungLabels, box, [&](std::size_t i) -> unsigned char {
      const bool otherLung = labelled[i] != 0 && labelled[i] != label;
      const bool outsideAir = airVoxels[i] != 0 && insideAirVoxels[i] == 0;
      return otherLung || airwayVoxels[i] != 0 || outsideAir;
    });
    // A pleural bay is tissue (not air, not outside the field of view) in the outer part of the chest.
    const auto mayFillBay = [&](long x, long y, long z) {
      const long        cx = x + box.origin[0], cy = y + box.origin[1], cz = z + box.origin[2];
      const std::size_t column = static_cast<std::size_t>(cy * coarse.nx + cx);
      return airVoxels[coarse.Offset(cx, cy, cz)] == 0 && outside[column] == 0 &&
             innerPartOfChest->ColumnsInside(cx, cx, cy, cz) == 0;
    };
    const auto refinedBox =
      RefineLungOnBox(lung, forbidden, parameters.closingRadius, parameters.pleuralBayReach, mayFillBay);
    const unsigned char * result = refinedBox->GetBufferPointer();
    for (long z = 0; z < box.size[2]; ++z)
      for (long y = 0; y < box.size[1]; ++y)
      {
        const std::size_t from = coarse.Offset(box.origin[0], y + box.origin[1], z + box.origin[2]);
        for (long x = 0; x < box.size[0]; ++x, ++result)
        {
          if (*result == 0)
            continue;
          const std::size_t   i = from + static_cast<std::size_t>(x);
          unsigned char &     r = refined->GetBufferPointer()[i];
          const unsigned char own = labelled[i];
          r = r == 0 ? label : (own != 0 ? own : 0); // claimed by both: the one it came from, else neither
          added->GetBufferPointer()[i] = own == 0 ? 1 : 0;
        }
      }
  }

  // What step 8 does not need is released before the input-sized output is allocated: the working grid's
  // images but the refined labels, the body and what filling and closing added. Their pages go back to the
  // system: of the points in a run where that was tried, this is the one where it lowers the peak (by 6 MB on
  // A0001); elsewhere the heap's reuse of freed pages saves their page faults (Run.md, "Memory kept for reuse").
  insideAir = nullptr;
  airway.airway = nullptr;
  lungLabels = nullptr;
  air = nullptr;
  ReturnFreedMemoryToTheSystem();

  // What step 8 (LabelSlab) reads: the lungs' cores, and the lung each voxel near a boundary can join.
  m_Core = ErodeByOneVoxel(refined);
  const auto reach = DilateByOneVoxel(refined);
  // Dilation of a label image by ErodeByOneVoxel/DilateByOneVoxel treats labels as 0/1: take labels back.
  auto reachLabels = NewMask(refined);
  std::copy(refined->GetBufferPointer(), refined->GetBufferPointer() + coarse.Count(), reachLabels->GetBufferPointer());
  GrowLabelsGeodesically(reachLabels, reach);
  m_Near = reachLabels;
  m_Labels = refined;
  m_Gained = added;
  // The working-grid rows that hold anything step 8 can label: a row of the input's grid under any other is
  // background throughout, and most rows of a chest are. The reach holds the lungs, which hold their cores.
  m_RowsToLabel.assign(static_cast<std::size_t>(coarse.ny * coarse.nz), 0);
  const unsigned char * reachable = reachLabels->GetBufferPointer();
  for (std::size_t row = 0; row < m_RowsToLabel.size(); ++row)
  {
    const unsigned char * first = reachable + row * static_cast<std::size_t>(coarse.nx);
    m_RowsToLabel[row] = std::any_of(first, first + coarse.nx, [](unsigned char v) { return v != 0; }) ? 1 : 0;
  }
  if (keepSteps)
  {
    steps->lungLabels = refined;
    steps->body = body;
  }
}

void
LungSlabLabeller::LabelSlab(const itk::Image<short, 3> * slab, itk::Image<unsigned char, 3> * labels)
{
  const Extent fine(m_InputGrid);
  const Extent coarse(m_Labels);
  const auto & region = slab->GetBufferedRegion();
  const long   firstSlice = region.GetIndex(2);
  const long   slices = static_cast<long>(region.GetSize(2));
  if (region.GetSize(0) != static_cast<itk::SizeValueType>(fine.nx) ||
      region.GetSize(1) != static_cast<itk::SizeValueType>(fine.ny) || region.GetIndex(0) != 0 ||
      region.GetIndex(1) != 0 || firstSlice < 0 || firstSlice + slices > fine.nz ||
      labels->GetBufferedRegion() != region)
  {
    itkGenericExceptionMacro("LungSlabLabeller: the slab is not whole slices of the input grid, or the labels' "
                             "region is not the slab's");
  }
  const auto & factors = m_Factors;
  const auto & fineOutside = m_InputOutside;

  // 8. Back on the input's grid. Deep inside a lung on the working grid: lung. Within one working voxel of
  // its boundary: lung where the input's own voxel is air, or where filling and closing put it.
  {
    const short *         fineHU = slab->GetBufferPointer();
    unsigned char *       out = labels->GetBufferPointer();
    const unsigned char * coreMask = m_Core->GetBufferPointer();
    const unsigned char * lungs = m_Labels->GetBufferPointer();
    const unsigned char * near = m_Near->GetBufferPointer();
    const unsigned char * gained = m_Gained->GetBufferPointer();
    const short           fineThreshold = m_Threshold;
    std::vector<long>     coarseX(static_cast<std::size_t>(fine.nx)); // each input column's working column
    for (long x = 0; x < fine.nx; ++x)
      coarseX[static_cast<std::size_t>(x)] = std::min(coarse.nx - 1, x / static_cast<long>(factors[0]));
    itk::MultiThreaderBase::New()->ParallelizeArray(
      0,
      static_cast<itk::SizeValueType>(slices),
      [&](itk::SizeValueType slabZ) {
        const long z = firstSlice + static_cast<long>(slabZ);
        const long cz = std::min(coarse.nz - 1, z / static_cast<long>(factors[2]));
        for (long y = 0; y < fine.ny; ++y)
        {
          const long        cy = std::min(coarse.ny - 1, y / static_cast<long>(factors[1]));
          const std::size_t fineRow = slabZ * fine.slice + static_cast<std::size_t>(y * fine.nx);
          if (!m_RowsToLabel[static_cast<std::size_t>(cz * coarse.ny + cy)])
          {
            std::fill_n(out + fineRow, fine.nx, 0);
            continue;
          }
          const std::size_t coarseRow =
            static_cast<std::size_t>(cz) * coarse.slice + static_cast<std::size_t>(cy * coarse.nx);
          for (long x = 0; x < fine.nx; ++x)
          {
            const std::size_t c = coarseRow + static_cast<std::size_t>(coarseX[static_cast<std::size_t>(x)]);
            const std::size_t f = fineRow + static_cast<std::size_t>(x);
            unsigned char     label = 0;
            if (coreMask[c] != 0 || (lungs[c] != 0 && gained[c] != 0))
              label = lungs[c];
            else if (near[c] != 0 && fineHU[f] < fineThreshold &&
                     fineOutside[static_cast<std::size_t>(y * fine.nx + x)] == 0)
              label = near[c];
            out[f] = label;
          }
        }
      },
      nullptr);
  }
  // A slice-wise fill on the input's grid takes in the vessels that the boundary rule cut at full resolution.
  // The same pass counts each slice's lung voxels, for the volumes.
  std::vector<std::array<std::size_t, 2>> sliceCounts(static_cast<std::size_t>(slices), { { 0, 0 } });
  itk::MultiThreaderBase::New()->ParallelizeArray(
    0,
    static_cast<itk::SizeValueType>(slices),
    [&](itk::SizeValueType z) {
      unsigned char * slice = labels->GetBufferPointer() + z * fine.slice;
      FillLabelHolesInSlice(slice, fine.nx, fine.ny);
      for (std::size_t i = 0; i < fine.slice; ++i)
      {
        if (slice[i] != 0)
          ++sliceCounts[z][slice[i] - 1];
      }
    },
    nullptr);
  for (const auto & c : sliceCounts)
  {
    m_Voxels[0] += c[0];
    m_Voxels[1] += c[1];
  }
  const auto & fineSpacing = m_InputGrid->GetSpacing();
  const double fineVoxel = fineSpacing[0] * fineSpacing[1] * fineSpacing[2] / 1000.0;
  m_Report.rightLungVolume = static_cast<double>(m_Voxels[0]) * fineVoxel;
  m_Report.leftLungVolume = static_cast<double>(m_Voxels[1]) * fineVoxel;
}

itk::Image<unsigned char, 3>::Pointer
SegmentLungs(const itk::Image<short, 3> * image, const LungSegmentationParameters & parameters,
             LungSegmentationReport * reportOut, LungSegmentationSteps * steps,
             const itk::Image<short, 3> * workingImage)
{
  HUImage::ConstPointer working = workingImage;
  if (working == nullptr)
  {
    working = ShrinkToWorkingGrid(image, parameters.workingSpacing);
  }
  LungSlabLabeller labeller(*image, std::move(working), FindOutsideColumns(image), parameters, steps);
  auto             output = MaskImage::New(); // every voxel is written by LabelSlab
  output->CopyInformation(image);
  output->SetRegions(image->GetBufferedRegion());
  output->Allocate();
  labeller.LabelSlab(image, output);
  if (reportOut != nullptr)
  {
    *reportOut = labeller.Report();
  }
  return output;
}

} // namespace chestct
