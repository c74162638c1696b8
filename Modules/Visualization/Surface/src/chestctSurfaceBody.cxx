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
  // Face-connected regions of voxels at or above the threshold, by flood fill
  // with an explicit stack (itk::ConnectedComponentImageFilter would do, but
  // ITK 5.2's neighbourhood iterator under it does pointer arithmetic on a null
  // pointer that UndefinedBehaviorSanitizer stops on).
  const auto &               region = image->GetBufferedRegion();
  const std::size_t          nx = region.GetSize(0), ny = region.GetSize(1), nz = region.GetSize(2);
  const std::size_t          count = nx * ny * nz;
  const short *              values = image->GetBufferPointer();
  const double               lowest = threshold;
  std::vector<std::uint32_t> labels(count, 0); // 0: below the threshold or not yet reached
  std::vector<std::size_t>   sizes{ 0 };
  std::vector<std::size_t>   stack;
  for (std::size_t seed = 0; seed < count; ++seed)
  {
    if (labels[seed] != 0 || values[seed] < lowest)
    {
      continue;
    }
    const auto label = static_cast<std::uint32_t>(sizes.size());
    sizes.push_back(0);
    labels[seed] = label;
    stack.push_back(seed);
    while (!stack.empty())
    {
      const std::size_t at = stack.back();
      stack.pop_back();
      ++sizes[label];
      const std::size_t x = at % nx, y = (at / nx) % ny, z = at / (nx * ny);
      const auto        visit = [&](std::size_t next) {
        if (labels[next] == 0 && values[next] >= lowest)
        {
          labels[next] = label;
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
  }
  const auto body = static_cast<std::uint32_t>(std::max_element(sizes.begin(), sizes.end()) - sizes.begin());

  auto mask = BodyMaskType::New();
  mask->CopyInformation(image);
  mask->SetRegions(region);
  mask->Allocate();
  unsigned char * inside = mask->GetBufferPointer();
  for (std::size_t i = 0; i < count; ++i)
  {
    inside[i] = body != 0 && labels[i] == body ? 1 : 0;
  }
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
