#include "chestctSurfaceBody.h"


#include <vtkPoints.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace chestct
{

BodyMaskType::Pointer
ComputeBodyMask(const SurfaceImageType * image, double threshold)
{
  // Face-connected regions of voxels at or above the threshold, by flood fill with an explicit stack
  // (itk::ConnectedComponentImageFilter would do, but ITK 5.2's neighbourhood iterator under it does pointer
  // arithmetic on a null pointer that UndefinedBehaviorSanitizer stops on). The output mask is the only
  // per-voxel state, a byte a voxel: a first pass marks every region Reached and notes where each starts and
  // how large it is; a second fills the largest again, from its start, as Body.
  const auto &      region = image->GetBufferedRegion();
  const std::size_t nx = region.GetSize(0), ny = region.GetSize(1), nz = region.GetSize(2);
  const std::size_t count = nx * ny * nz;
  const short *     values = image->GetBufferPointer();
  const double      lowest = threshold;

  auto mask = BodyMaskType::New();
  mask->CopyInformation(image);
  mask->SetRegions(region);
  mask->Allocate();
  unsigned char * state = mask->GetBufferPointer();
  std::fill(state, state + count, 0);
  constexpr unsigned char Reached = 2, Body = 1;

  std::vector<std::size_t> stack;
  // Fills the region of `seed` (a voxel in state `from`, at or above the threshold) with `to`; returns its size.
  const auto fill = [&](std::size_t seed, unsigned char from, unsigned char to) {
    std::size_t size = 0;
    state[seed] = to;
    stack.push_back(seed);
    while (!stack.empty())
    {
      const std::size_t at = stack.back();
      stack.pop_back();
      ++size;
      const std::size_t x = at % nx, y = (at / nx) % ny, z = at / (nx * ny);
      const auto        visit = [&](std::size_t next) {
        if (state[next] == from && values[next] >= lowest)
        {
          state[next] = to;
          stack.push_back(next);
        }
      };
      if (x > 0)
        visit(at - 1);
      if (x + 1 < nx)
        visit(at + 1);
      if (y > 0)
        visit(at - nx);
      if (y + 1 < ny)
        visit(at + nx);
      if (z > 0)
        visit(at - nx * ny);
      if (z + 1 < nz)
        visit(at + nx * ny);
    }
    return size;
  };
  std::size_t largest = 0, largestSeed = 0;
  for (std::size_t seed = 0; seed < count; ++seed)
  {
    if (state[seed] == 0 && values[seed] >= lowest)
    {
      const std::size_t size = fill(seed, 0, Reached);
      if (size > largest)
      {
        largest = size;
        largestSeed = seed;
      }
    }
  }
  if (largest > 0)
  {
    fill(largestSeed, Reached, Body);
  }
  std::replace(state, state + count, Reached, static_cast<unsigned char>(0));
  return mask;
}

vtkSmartPointer<vtkPolyData>
KeepPiecesInsideBody(vtkPolyData * mesh, const BodyMaskType * body, std::size_t * dropped)
{
  const MeshPieces         pieces = FindMeshPieces(mesh);
  std::vector<std::size_t> inside(pieces.triangles.size(), 0), all(pieces.triangles.size(), 0);
  const auto &             region = body->GetBufferedRegion();
  for (vtkIdType id = 0; id < mesh->GetNumberOfPoints(); ++id)
  {
    const vtkIdType piece = pieces.pieceOfPoint[id];
    if (piece < 0)
    {
      continue;
    }
    double p[3];
    mesh->GetPoint(id, p);
    BodyMaskType::IndexType index;
    const bool              inGrid =
      body->TransformPhysicalPointToIndex(BodyMaskType::PointType(p), index) && region.IsInside(index);
    ++all[piece];
    if (inGrid && body->GetPixel(index) != 0)
    {
      ++inside[piece];
    }
  }
  std::vector<bool> keep(pieces.triangles.size());
  std::size_t       count = 0;
  for (std::size_t piece = 0; piece < keep.size(); ++piece)
  {
    keep[piece] = 2 * inside[piece] > all[piece];
    count += keep[piece] ? 0 : 1;
  }
  if (dropped)
  {
    *dropped = count;
  }
  return count == 0 ? vtkSmartPointer<vtkPolyData>(mesh) : ExtractMeshPieces(mesh, pieces, keep);
}

} // namespace chestct
