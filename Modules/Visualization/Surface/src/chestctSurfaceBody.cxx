#include "chestctSurfaceBody.h"
#include "chestctFaceConnectedRegions.h"

#include <vtkPoints.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace chestct
{

namespace
{
// A region apart from the largest that holds at least this much (mL) can be a limb: an electrode, a cable or a
// speck of tissue in the lung holds less, a few centimetres of a forearm more.
constexpr double kMinimumLimbVolume = 10.0;
// ... and is one when its mean depth (its volume over its footprint in x and z) is at least this fraction of
// its width: an arm's section is about as deep as it is wide, a table's, a couch top's or a board's is flat (6
// and 8 mm of mean depth for widths of 417 and 501 mm, on lungdx-A0001 and the phantom's couch top).
constexpr double kLimbDepthOverWidth = 1.0 / 3.0;
// ... and is mostly soft tissue: at least half its voxels below this (HU). An arm is fat and muscle round a bone
// (a tenth of its section for the phantom's humerus); a couch's metal or carbon-fibre side rail, or an arm
// board's post, is as deep as wide too, but dense through and through, and its bone surface is not the patient's.
constexpr double kSoftTissueCeiling = 200.0;

// Whether each region (by label; entry 0 unused) is the body's: the largest, and the limbs apart from it, as the
// arms raised beside the head for radiotherapy planning are in the slices of the chest (KeepPiecesInsideBody
// would drop their bones); not the table or its rails, nor what lies apart on the skin. `values` are the image's.
std::vector<unsigned char>
RegionsOfTheBody(const FaceConnectedRegions & regions, const short * values, const itk::Size<3> & size,
                 const itk::Vector<double, 3> & spacing)
{
  const double      voxelVolume = spacing[0] * spacing[1] * spacing[2]; // mm3
  const auto &      sizes = regions.Sizes();
  const std::size_t minimumVoxels = static_cast<std::size_t>(std::ceil(kMinimumLimbVolume * 1000.0 / voxelVolume));
  std::size_t       last = sizes.empty() ? 0 : 1; // the candidates are labels 2..last: regions come largest first
  while (last < sizes.size() && sizes[last] >= minimumVoxels)
    ++last;
  struct Footprint
  {
    std::size_t lowX = std::numeric_limits<std::size_t>::max(), highX = 0;
    std::size_t lowZ = std::numeric_limits<std::size_t>::max(), highZ = 0;
    std::size_t softTissue = 0; // voxels below kSoftTissueCeiling
  };
  std::vector<Footprint> footprints(last + 1);
  regions.ForEachRun([&](std::size_t row, std::uint32_t begin, std::uint32_t end, std::uint32_t label) {
    if (label < 2 || label > last)
      return;
    Footprint & f = footprints[label];
    f.lowX = std::min<std::size_t>(f.lowX, begin);
    f.highX = std::max<std::size_t>(f.highX, end - 1);
    f.lowZ = std::min(f.lowZ, row / size[1]);
    f.highZ = std::max(f.highZ, row / size[1]);
    const short * rowValues = values + row * size[0];
    f.softTissue += static_cast<std::size_t>(
      std::count_if(rowValues + begin, rowValues + end, [](short value) { return value < kSoftTissueCeiling; }));
  });
  std::vector<unsigned char> isBody(last + 1, 0);
  if (last > 0)
    isBody[1] = 1;
  for (std::size_t label = 2; label <= last; ++label)
  {
    const Footprint & f = footprints[label];
    const double      width = static_cast<double>(f.highX - f.lowX + 1) * spacing[0];
    const double      length = static_cast<double>(f.highZ - f.lowZ + 1) * spacing[2];
    const double      meanDepth = static_cast<double>(sizes[label - 1]) * voxelVolume / (width * length);
    isBody[label] = meanDepth >= kLimbDepthOverWidth * width && 2 * f.softTissue >= sizes[label - 1] ? 1 : 0;
  }
  return isBody;
}
} // namespace

BodyMaskType::Pointer
ComputeBodyMask(const SurfaceImageType * image, double threshold)
{
  // itk::ConnectedComponentImageFilter would do too, but ITK 5.2's neighbourhood iterator under it does pointer
  // arithmetic on a null pointer that UndefinedBehaviorSanitizer stops on; FaceConnectedRegions is faster.
  const auto &               region = image->GetBufferedRegion();
  const short *              values = image->GetBufferPointer();
  const FaceConnectedRegions regions(
    region.GetSize(0), region.GetSize(1), region.GetSize(2), [=](std::size_t i) { return values[i] >= threshold; });
  const auto isBody = RegionsOfTheBody(regions, values, region.GetSize(), image->GetSpacing());
  auto       mask = BodyMaskType::New();
  mask->CopyInformation(image);
  mask->SetRegions(region);
  mask->Allocate(true);
  regions.Paint(mask->GetBufferPointer(),
                [&isBody](std::uint32_t label) { return label < isBody.size() ? isBody[label] : 0; });
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
