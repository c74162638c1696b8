#include "chestctSurfaceBody.h"
#include "chestctFaceConnectedRegions.h"


#include <vtkPoints.h>

#include <cstdint>
#include <vector>

namespace chestct
{

BodyMaskType::Pointer
ComputeBodyMask(const SurfaceImageType * image, double threshold)
{
  // itk::ConnectedComponentImageFilter would do too, but ITK 5.2's neighbourhood iterator under it does pointer
  // arithmetic on a null pointer that UndefinedBehaviorSanitizer stops on; FaceConnectedRegions is faster.
  const auto &               region = image->GetBufferedRegion();
  const short *              values = image->GetBufferPointer();
  const FaceConnectedRegions regions(
    region.GetSize(0), region.GetSize(1), region.GetSize(2), [=](std::size_t i) { return values[i] >= threshold; });
  auto mask = BodyMaskType::New();
  mask->CopyInformation(image);
  mask->SetRegions(region);
  mask->Allocate(true);
  regions.Paint(mask->GetBufferPointer(), [](std::uint32_t label) { return label == 1 ? 1 : 0; });
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
