#include "chestctSlabSurfaceExtractor.h"
#include "chestctMeshArrays.h"
#include "chestctError.h"

#include <vtkCellArray.h>
#include <vtkFlyingEdges3D.h>
#include <vtkImageData.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkShortArray.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace chestct
{
namespace
{
// A point on a shared plane, by the edge of the (sampled) grid it lies on, from its in-plane coordinates
// in sampled voxels: on an edge along x one is a whole number, on one along y the other, and a point within
// 1/1000 voxel of a grid point is that grid point's. Not by the coordinates' bits: flying edges places the
// points of a volume's last plane by other arithmetic than those of its first (its boundary cases), so the
// two slabs sharing a plane may place one point a rounding apart.
std::uint64_t
PlaneKeyOf(double x, double y)
{
  const double  nearX = std::round(x), nearY = std::round(y);
  const bool    wholeX = std::abs(x - nearX) < 1e-3, wholeY = std::abs(y - nearY) < 1e-3;
  std::uint64_t kind = 3;
  std::int64_t  a = 0, b = 0;
  if (wholeX && wholeY)
  {
    kind = 0, a = static_cast<std::int64_t>(nearX), b = static_cast<std::int64_t>(nearY);
  }
  else if (wholeY)
  {
    kind = 1, a = static_cast<std::int64_t>(std::floor(x)), b = static_cast<std::int64_t>(nearY);
  }
  else if (wholeX)
  {
    kind = 2, a = static_cast<std::int64_t>(nearX), b = static_cast<std::int64_t>(std::floor(y));
  }
  return (kind << 62) | ((static_cast<std::uint64_t>(a) & 0x7fffffffu) << 31) |
         (static_cast<std::uint64_t>(b) & 0x7fffffffu);
}
} // namespace

SlabSurfaceExtractor::SlabSurfaceExtractor(const itk::ImageBase<3> & grid, double threshold, unsigned int step)
  : m_Threshold(threshold)
  , m_Step(step)
  , m_Points(vtkSmartPointer<vtkFloatArray>::New())
  , m_Connectivity(vtkSmartPointer<vtkTypeInt32Array>::New())
{
  if (step < 1)
  {
    throw Error("", "the step must be at least 1", "give --step 1 for every voxel");
  }
  auto copy = itk::ImageBase<3>::New();
  copy->CopyInformation(&grid);
  m_Grid = copy;
  const auto size = grid.GetLargestPossibleRegion().GetSize();
  m_SampledX = static_cast<long>((size[0] + step - 1) / step);
  m_SampledY = static_cast<long>((size[1] + step - 1) / step);
  m_NextSlice = grid.GetLargestPossibleRegion().GetIndex(2);
  m_Points->SetNumberOfComponents(3);
}

void
SlabSurfaceExtractor::AddSlab(const SurfaceImageType * slab)
{
  const auto & region = slab->GetBufferedRegion();
  const auto & whole = m_Grid->GetLargestPossibleRegion();
  const long   first = region.GetIndex(2);
  const long   count = static_cast<long>(region.GetSize(2));
  const long   startX = whole.GetIndex(0), startY = whole.GetIndex(1), startZ = whole.GetIndex(2);
  if (first != m_NextSlice || region.GetSize(0) != whole.GetSize(0) || region.GetSize(1) != whole.GetSize(1) ||
      region.GetIndex(0) != startX || region.GetIndex(1) != startY ||
      first + count > startZ + static_cast<long>(whole.GetSize(2)))
  {
    throw Error("",
                "slab of slices " + std::to_string(first) + " to " + std::to_string(first + count - 1) +
                  " given after slice " + std::to_string(m_NextSlice) + " (or not whole slices)",
                "give whole slices, in order (a program error)");
  }
  m_NextSlice += count;

  // The planes to contour: the one kept from the slab before, then this slab's sampled ones, each read in
  // place through its first voxel and its strides.
  std::vector<PlaneView> planes;
  if (!m_LastPlane.empty())
  {
    planes.push_back({ m_LastPlaneZ, m_LastPlane.data(), 1, m_SampledX });
  }
  const long        nx = static_cast<long>(region.GetSize(0));
  const std::size_t slice = region.GetSize(0) * region.GetSize(1);
  for (long z = first; z < first + count; ++z)
  {
    if ((z - startZ) % static_cast<long>(m_Step) == 0)
    {
      planes.push_back({ z,
                         slab->GetBufferPointer() + static_cast<std::size_t>(z - first) * slice,
                         static_cast<long>(m_Step),
                         static_cast<long>(m_Step) * nx });
    }
  }
  if (planes.size() >= 2)
  {
    Contour(planes);
  }
  // The last plane, sampled, for the next slab (unless it is the one kept already).
  if (!planes.empty() && planes.back().first != m_LastPlane.data())
  {
    const PlaneView &  last = planes.back();
    std::vector<short> kept(static_cast<std::size_t>(m_SampledX * m_SampledY));
    for (long y = 0; y < m_SampledY; ++y)
    {
      for (long x = 0; x < m_SampledX; ++x)
      {
        kept[static_cast<std::size_t>(y * m_SampledX + x)] = last.At(x, y);
      }
    }
    m_LastPlane = std::move(kept);
    m_LastPlaneZ = last.z;
  }
}

void
SlabSurfaceExtractor::Contour(const std::vector<PlaneView> & planes)
{
  const auto & whole = m_Grid->GetLargestPossibleRegion();
  const long   startX = whole.GetIndex(0), startY = whole.GetIndex(1);
  const long   lastZ = planes.back().z;
  // The points found on the new last plane replace those of the plane before.
  std::unordered_map<PlaneKey, vtkIdType> sharedBefore;
  sharedBefore.swap(m_LastPlanePoints);

  // Flying edges spends most of its time classifying voxels: only the box of rows that reach the threshold,
  // grown by one voxel, is contoured (ExtractSurface does the same over the whole volume).
  long lowX = m_SampledX, highX = -1, lowY = m_SampledY, highY = -1;
  for (const PlaneView & plane : planes)
  {
    for (long y = 0; y < m_SampledY; ++y)
    {
      long x = 0;
      while (x < m_SampledX && plane.At(x, y) < m_Threshold)
        ++x;
      if (x == m_SampledX)
        continue;
      long last = m_SampledX - 1;
      while (plane.At(last, y) < m_Threshold)
        --last;
      lowX = std::min(lowX, x);
      highX = std::max(highX, last);
      lowY = std::min(lowY, y);
      highY = std::max(highY, y);
    }
  }
  if (highX < 0)
  {
    return; // nothing reaches the threshold: no point on the last plane either
  }
  lowX = std::max(0L, lowX - 1);
  lowY = std::max(0L, lowY - 1);
  highX = std::min(m_SampledX - 1, highX + 1);
  highY = std::min(m_SampledY - 1, highY + 1);
  const long boxX = highX - lowX + 1;
  const long boxY = highY - lowY + 1;
  if (boxX < 2 || boxY < 2)
  {
    return; // a line of voxels holds no cell
  }

  auto scalars = vtkSmartPointer<vtkShortArray>::New();
  scalars->SetNumberOfTuples(static_cast<vtkIdType>(boxX * boxY * static_cast<long>(planes.size())));
  short * to = scalars->GetPointer(0);
  for (const PlaneView & plane : planes)
  {
    for (long y = lowY; y <= highY; ++y)
    {
      for (long x = lowX; x <= highX; ++x)
      {
        *to++ = plane.At(x, y);
      }
    }
  }
  // In voxel units of the whole grid, so that the points of a plane two slabs share come out bit for bit
  // the same in both; GetSurface() places them in patient space.
  auto volume = vtkSmartPointer<vtkImageData>::New();
  volume->SetDimensions(static_cast<int>(boxX), static_cast<int>(boxY), static_cast<int>(planes.size()));
  volume->SetSpacing(m_Step, m_Step, m_Step);
  volume->SetOrigin(static_cast<double>(startX + lowX * m_Step),
                    static_cast<double>(startY + lowY * m_Step),
                    static_cast<double>(planes.front().z));
  volume->GetPointData()->SetScalars(scalars);

  auto contour = vtkSmartPointer<vtkFlyingEdges3D>::New();
  contour->SetInputData(volume);
  contour->SetValue(0, m_Threshold);
  contour->ComputeNormalsOff();
  contour->ComputeGradientsOff();
  contour->ComputeScalarsOff();
  contour->Update();
  vtkPolyData * piece = contour->GetOutput();
  if (piece->GetNumberOfPolys() == 0)
  {
    return;
  }

  // Its points: those on the first plane are the previous slab's (when there was one), the others new.
  const auto *           xyz = vtkFloatArray::SafeDownCast(piece->GetPoints()->GetData())->GetPointer(0);
  const vtkIdType        count3 = piece->GetNumberOfPoints();
  std::vector<vtkIdType> id(static_cast<std::size_t>(count3));
  const float            firstPlane = static_cast<float>(planes.front().z);
  const float            lastPlane = static_cast<float>(lastZ);
  const double           step = m_Step;
  for (vtkIdType i = 0; i < count3; ++i)
  {
    const float * p = xyz + 3 * i;
    if (std::abs(p[2] - firstPlane) < 1e-3 * step && !sharedBefore.empty())
    {
      const auto found = sharedBefore.find(PlaneKeyOf((p[0] - startX) / step, (p[1] - startY) / step));
      if (found != sharedBefore.end())
      {
        id[i] = found->second;
        continue;
      }
    }
    if (m_Points->GetNumberOfTuples() >= std::numeric_limits<vtkTypeInt32>::max())
    {
      throw Error("", "the surface has more than 2^31 points", "mesh a coarser grid (a larger step)");
    }
    id[i] = m_Points->GetNumberOfTuples();
    m_Points->InsertNextTypedTuple(p);
    if (std::abs(p[2] - lastPlane) < 1e-3 * step)
    {
      m_LastPlanePoints.emplace(PlaneKeyOf((p[0] - startX) / step, (p[1] - startY) / step), id[i]);
    }
  }
  ForEachCell(piece->GetPolys(), [&](vtkIdType size, const auto * ids) {
    for (vtkIdType k = 0; k < size; ++k)
    {
      m_Connectivity->InsertNextValue(static_cast<vtkTypeInt32>(id[ids[k]]));
    }
  });
}

vtkSmartPointer<vtkPolyData>
SlabSurfaceExtractor::GetSurface()
{
  const auto size = m_Grid->GetLargestPossibleRegion().GetSize();
  RequireThickEnoughForSurface(size, m_Step);
  const long given = m_NextSlice - m_Grid->GetLargestPossibleRegion().GetIndex(2);
  if (given != static_cast<long>(size[2]))
  {
    throw Error("",
                "only " + std::to_string(given) + " of " + std::to_string(size[2]) + " slices were given",
                "give every slice before asking for the surface (a program error)");
  }
  // Voxel units to patient space: p = origin + direction (spacing * index), in double, stored as float.
  const auto & origin = m_Grid->GetOrigin();
  const auto & spacing = m_Grid->GetSpacing();
  const auto & direction = m_Grid->GetDirection();
  float *      xyz = m_Points->GetPointer(0);
  for (vtkIdType i = 0; i < m_Points->GetNumberOfTuples(); ++i, xyz += 3)
  {
    const double scaled[3] = { xyz[0] * spacing[0], xyz[1] * spacing[1], xyz[2] * spacing[2] };
    for (unsigned int r = 0; r < 3; ++r)
    {
      xyz[r] = static_cast<float>(origin[r] + direction[r][0] * scaled[0] + direction[r][1] * scaled[1] +
                                  direction[r][2] * scaled[2]);
    }
  }
  const vtkIdType triangles = m_Connectivity->GetNumberOfTuples() / 3;
  if (3 * triangles > std::numeric_limits<vtkTypeInt32>::max())
  {
    throw Error("", "the surface has more than 2^31 / 3 triangles", "mesh a coarser grid (a larger step)");
  }
  auto offsets = vtkSmartPointer<vtkTypeInt32Array>::New();
  offsets->SetNumberOfTuples(triangles + 1);
  for (vtkIdType t = 0; t <= triangles; ++t)
  {
    offsets->SetValue(t, static_cast<vtkTypeInt32>(3 * t));
  }
  m_Connectivity->Squeeze();
  m_Points->Squeeze();
  auto polys = vtkSmartPointer<vtkCellArray>::New();
  polys->SetData(offsets, m_Connectivity);
  auto points = vtkSmartPointer<vtkPoints>::New();
  points->SetData(m_Points);
  auto mesh = vtkSmartPointer<vtkPolyData>::New();
  mesh->SetPoints(points);
  mesh->SetPolys(polys);
  // The mesh is handed over: a second call would move its points again.
  m_Points = vtkSmartPointer<vtkFloatArray>::New();
  m_Points->SetNumberOfComponents(3);
  m_Connectivity = vtkSmartPointer<vtkTypeInt32Array>::New();
  m_NextSlice = std::numeric_limits<long>::min();
  return mesh;
}

} // namespace chestct
