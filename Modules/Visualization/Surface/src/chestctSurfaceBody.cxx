#include "chestctSurfaceBody.h"

#include "itkBinaryThresholdImageFilter.h"
#include "itkConnectedComponentImageFilter.h"
#include "itkImageRegionConstIterator.h"
#include "itkImageRegionIterator.h"

#include <vtkPoints.h>

#include <algorithm>
#include <limits>
#include <vector>

namespace chestct
{

BodyMaskType::Pointer
ComputeBodyMask(const SurfaceImageType * image, double threshold)
{
  using LabelImageType = itk::Image<unsigned int, 3>;
  auto dense = itk::BinaryThresholdImageFilter<SurfaceImageType, BodyMaskType>::New();
  dense->SetInput(image);
  const double lowest = std::max<double>(threshold, std::numeric_limits<short>::min());
  dense->SetLowerThreshold(static_cast<short>(std::min<double>(lowest, std::numeric_limits<short>::max())));
  dense->SetInsideValue(1);
  dense->SetOutsideValue(0);
  auto regions = itk::ConnectedComponentImageFilter<BodyMaskType, LabelImageType>::New();
  regions->SetInput(dense->GetOutput());
  regions->FullyConnectedOff(); // face neighbours only: a corner touch does not join the table to the patient
  regions->Update();
  const LabelImageType * labels = regions->GetOutput();

  std::vector<std::size_t> sizes(static_cast<std::size_t>(regions->GetObjectCount()) + 1, 0);
  for (itk::ImageRegionConstIterator<LabelImageType> it(labels, labels->GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    ++sizes[it.Get()];
  }
  sizes[0] = 0; // the background
  const auto body = static_cast<unsigned int>(std::max_element(sizes.begin(), sizes.end()) - sizes.begin());

  auto mask = BodyMaskType::New();
  mask->CopyInformation(image);
  mask->SetRegions(image->GetBufferedRegion());
  mask->Allocate();
  itk::ImageRegionConstIterator<LabelImageType> in(labels, labels->GetBufferedRegion());
  itk::ImageRegionIterator<BodyMaskType>        out(mask, mask->GetBufferedRegion());
  for (; !in.IsAtEnd(); ++in, ++out)
  {
    out.Set(body != 0 && in.Get() == body ? 1 : 0);
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
