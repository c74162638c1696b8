#include "chestctSurfaceExtraction.h"
#include "chestctMeshArrays.h"
#include "chestctSurfaceBody.h"
#include "chestctError.h"
#include "itkImageScanlineConstIterator.h"
#include "itkImageToVTKImageBridge.h"
#include "itkMultiThreaderBase.h"

#include <vtkCleanPolyData.h>
#include <vtkDiscreteFlyingEdges3D.h>
#include <vtkExtractVOI.h>
#include <vtkImageClip.h>
#include <vtkMatrix3x3.h>
#include <vtkFlyingEdges3D.h>
#include <vtkIdTypeArray.h>
#include <vtkMarchingCubes.h>
#include <vtkCellArray.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkFloatArray.h>
#include <vtkIdList.h>
#include <vtkTypeInt32Array.h>
#include <vtkTypeInt64Array.h>
#include <vtkQuadricDecimation.h>
#include <vtkWindowedSincPolyDataFilter.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <mutex>
#include <type_traits>
#include <numeric>
#include <vector>

namespace chestct
{
namespace
{
/** The first axis along which a volume of `size` voxels, sampled every `step` voxels (the first, then every
 * step-th), keeps fewer than two voxels; -1 when there is none. */
int
ThinAxis(const itk::Size<3> & size, unsigned int step)
{
  for (unsigned int axis = 0; axis < 3; ++axis)
  {
    if (size[axis] == 0 || (size[axis] - 1) / step + 1 < 2)
    {
      return static_cast<int>(axis);
    }
  }
  return -1;
}

double
SecondsSince(std::chrono::steady_clock::time_point start)
{
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The smallest box of voxels holding every cell the surface can cross: the
// voxels on the surface's inner side (at or above the threshold; equal to the
// label), grown by one voxel. False when there are none. Flying edges spends
// most of its time classifying voxels, so contouring this box rather than the
// whole volume (mostly air and soft tissue around a skeleton) saves more than
// this pass over the voxels costs; the triangles are the same.
bool
SurfaceBox(const SurfaceImageType * image, const SurfaceOptions & options, int extent[6])
{
  using RegionType = SurfaceImageType::RegionType;
  const RegionType whole = image->GetBufferedRegion();
  long         lower[3] = { whole.GetUpperIndex()[0] + 1, whole.GetUpperIndex()[1] + 1, whole.GetUpperIndex()[2] + 1 };
  long         upper[3] = { whole.GetIndex()[0] - 1, whole.GetIndex()[1] - 1, whole.GetIndex()[2] - 1 };
  std::mutex   merge;
  const bool   label = options.labelMode;
  const double threshold = options.threshold;
  const short  value = static_cast<short>(options.label);
  const auto   inside = [label, threshold, value](short v) { return label ? v == value : v >= threshold; };
  itk::MultiThreaderBase::New()->ParallelizeImageRegion<3>(
    whole,
    [&](const RegionType & piece) {
      long       low[3] = { lower[0], lower[1], lower[2] }, high[3] = { upper[0], upper[1], upper[2] };
      const long width = static_cast<long>(piece.GetSize(0));
      for (itk::ImageScanlineConstIterator<SurfaceImageType> it(image, piece); !it.IsAtEnd(); it.NextLine())
      {
        const short * row = &it.Value();
        long          first = 0;
        while (first < width && !inside(row[first]))
        {
          ++first;
        }
        if (first == width)
        {
          continue;
        }
        long last = width - 1;
        while (!inside(row[last]))
        {
          --last;
        }
        const auto & index = it.GetIndex();
        low[0] = std::min(low[0], index[0] + first);
        high[0] = std::max(high[0], index[0] + last);
        for (unsigned int axis = 1; axis < 3; ++axis)
        {
          low[axis] = std::min<long>(low[axis], index[axis]);
          high[axis] = std::max<long>(high[axis], index[axis]);
        }
      }
      const std::lock_guard<std::mutex> lock(merge);
      for (unsigned int axis = 0; axis < 3; ++axis)
      {
        lower[axis] = std::min(lower[axis], low[axis]);
        upper[axis] = std::max(upper[axis], high[axis]);
      }
    },
    nullptr);
  if (upper[0] < lower[0])
  {
    return false;
  }
  for (unsigned int axis = 0; axis < 3; ++axis)
  {
    extent[2 * axis] = static_cast<int>(std::max<long>(lower[axis] - 1, whole.GetIndex(axis)));
    extent[2 * axis + 1] = static_cast<int>(std::min<long>(upper[axis] + 1, whole.GetUpperIndex()[axis]));
  }
  return true;
}

// Points made from `seen` (origin O, direction D') are moved to where the ITK
// image puts them (direction D, same origin and spacing): p -> O + D D'^T (p - O).
// Nothing moves when the algorithm already used the image's direction.
void
PlaceInPhysicalSpace(vtkPolyData * mesh, vtkImageData * seen, const SurfaceImageType * image)
{
  const auto & direction = image->GetDirection();
  double       map[3][3];
  bool         identity = true;
  for (unsigned int i = 0; i < 3; ++i)
  {
    for (unsigned int j = 0; j < 3; ++j)
    {
      map[i][j] = 0.0;
      for (unsigned int k = 0; k < 3; ++k)
      {
        map[i][j] += direction[i][k] * seen->GetDirectionMatrix()->GetElement(j, k);
      }
      identity = identity && std::abs(map[i][j] - (i == j ? 1.0 : 0.0)) < 1e-12;
    }
  }
  if (identity || mesh->GetPoints() == nullptr)
  {
    return;
  }
  const double * origin = seen->GetOrigin();
  auto           points = vtkSmartPointer<vtkPoints>::New();
  points->DeepCopy(mesh->GetPoints()); // a new array: the contour filter's output is left as it was
  const auto move = [&map, origin](auto * xyz, vtkIdType count) {
    for (vtkIdType id = 0; id < count; ++id, xyz += 3)
    {
      const double p[3] = { xyz[0] - origin[0], xyz[1] - origin[1], xyz[2] - origin[2] };
      for (unsigned int i = 0; i < 3; ++i)
      {
        xyz[i] = static_cast<std::remove_pointer_t<decltype(xyz)>>(origin[i] + map[i][0] * p[0] + map[i][1] * p[1] +
                                                                   map[i][2] * p[2]);
      }
    }
  };
  if (points->GetDataType() == VTK_FLOAT)
  {
    move(static_cast<float *>(points->GetVoidPointer(0)), points->GetNumberOfPoints());
  }
  else
  {
    for (vtkIdType id = 0; id < points->GetNumberOfPoints(); ++id)
    {
      double xyz[3];
      points->GetPoint(id, xyz);
      move(xyz, 1);
      points->SetPoint(id, xyz);
    }
  }
  mesh->SetPoints(points);
}

// The contour filters copy their output into a new vtkPolyData so that the
// pipeline (and the bridged ITK buffer) can go once the surface is made.
vtkSmartPointer<vtkPolyData>
Detach(vtkPolyData * output)
{
  auto mesh = vtkSmartPointer<vtkPolyData>::New();
  mesh->ShallowCopy(output);
  return mesh;
}
} // namespace

SurfaceAlgorithm
SurfaceAlgorithmFromName(const std::string & name)
{
  if (name == "flyingedges")
  {
    return SurfaceAlgorithm::FlyingEdges;
  }
  if (name == "marchingcubes")
  {
    return SurfaceAlgorithm::MarchingCubes;
  }
  throw Error("", "unknown surface algorithm '" + name + "'", "use flyingedges or marchingcubes");
}

MeshPieces
FindMeshPieces(vtkPolyData * mesh)
{
  // Pieces are sets of triangles joined by shared points: union-find over the
  // points, one pass over the triangles (vtkPolyDataConnectivityFilter's
  // breadth-first search is several times slower on a million triangles).
  const vtkIdType        pointCount = mesh->GetNumberOfPoints();
  std::vector<vtkIdType> parent(static_cast<std::size_t>(pointCount));
  std::iota(parent.begin(), parent.end(), vtkIdType{ 0 });
  const auto root = [&parent](vtkIdType id) {
    while (parent[id] != id)
    {
      parent[id] = parent[parent[id]]; // path halving
      id = parent[id];
    }
    return id;
  };
  MeshPieces pieces;
  if (mesh->GetPolys() == nullptr)
  {
    return pieces;
  }
  ForEachCell(mesh->GetPolys(), [&](vtkIdType size, const auto * ids) {
    for (vtkIdType i = 1; i < size; ++i)
    {
      const vtkIdType a = root(ids[0]), b = root(ids[i]);
      if (a != b)
      {
        parent[std::max(a, b)] = std::min(a, b);
      }
    }
  });
  // Number the pieces in the order of their first point, so that results are deterministic.
  std::vector<vtkIdType> pieceOfRoot(static_cast<std::size_t>(pointCount), -1);
  pieces.pieceOfPoint.assign(static_cast<std::size_t>(pointCount), -1);
  ForEachCell(mesh->GetPolys(), [&](vtkIdType size, const auto * ids) {
    const vtkIdType top = root(ids[0]);
    if (pieceOfRoot[top] < 0)
    {
      pieceOfRoot[top] = static_cast<vtkIdType>(pieces.triangles.size());
      pieces.triangles.push_back(0);
    }
    ++pieces.triangles[pieceOfRoot[top]];
    for (vtkIdType i = 0; i < size; ++i)
    {
      pieces.pieceOfPoint[ids[i]] = pieceOfRoot[top];
    }
  });
  return pieces;
}

vtkSmartPointer<vtkPolyData>
ExtractMeshPieces(vtkPolyData * mesh, const MeshPieces & pieces, const std::vector<bool> & keep)
{
  // The kept polygons, with their points renumbered in the order the polygons first use them, so that no
  // unused point remains. The arrays are sized first and filled directly, the points and their data (the
  // normals computed for shading, above all) by lists: VTK's insertion one point and one cell at a time
  // took 0.08 to 0.12 s for a chest's bone surface (814,000 triangles). The connectivity keeps the input's
  // 32- or 64-bit storage.
  const vtkIdType        pointCount = mesh->GetNumberOfPoints();
  std::vector<vtkIdType> newId(static_cast<std::size_t>(pointCount), -1);
  auto                   keptPoints = vtkSmartPointer<vtkIdList>::New(); // by new id, the old one
  vtkIdType              keptPolygons = 0, keptIds = 0;
  // Calls visit(size, ids) for each kept polygon, in order.
  const auto forEachKeptPolygon = [&](const auto & visit) {
    ForEachCell(mesh->GetPolys(), [&](vtkIdType size, const auto * ids) {
      if (size > 0 && keep[static_cast<std::size_t>(pieces.pieceOfPoint[static_cast<std::size_t>(ids[0])])])
      {
        visit(size, ids);
      }
    });
  };
  forEachKeptPolygon([&](vtkIdType size, const auto * ids) {
    ++keptPolygons;
    keptIds += size;
    for (vtkIdType i = 0; i < size; ++i)
    {
      if (newId[static_cast<std::size_t>(ids[i])] < 0)
      {
        newId[static_cast<std::size_t>(ids[i])] = keptPoints->GetNumberOfIds();
        keptPoints->InsertNextId(ids[i]);
      }
    }
  });
  const vtkIdType newCount = keptPoints->GetNumberOfIds();

  auto points = vtkSmartPointer<vtkPoints>::New();
  points->SetDataType(mesh->GetPoints()->GetDataType());
  points->SetNumberOfPoints(newCount);
  mesh->GetPoints()->GetData()->GetTuples(keptPoints, points->GetData());
  auto pointData = vtkSmartPointer<vtkPointData>::New();
  pointData->CopyAllocate(mesh->GetPointData(), newCount);
  auto newIds = vtkSmartPointer<vtkIdList>::New();
  newIds->SetNumberOfIds(newCount);
  std::iota(newIds->GetPointer(0), newIds->GetPointer(0) + newCount, vtkIdType{ 0 });
  pointData->CopyData(mesh->GetPointData(), keptPoints, newIds);

  const auto fill = [&](auto offsets, auto connectivity) {
    using Value = typename std::remove_pointer_t<decltype(offsets.GetPointer())>::ValueType;
    offsets->SetNumberOfValues(keptPolygons + 1);
    connectivity->SetNumberOfValues(keptIds);
    Value *   offset = offsets->GetPointer(0);
    Value *   id = connectivity->GetPointer(0);
    vtkIdType written = 0;
    *offset++ = 0;
    forEachKeptPolygon([&](vtkIdType size, const auto * ids) {
      for (vtkIdType i = 0; i < size; ++i)
      {
        *id++ = static_cast<Value>(newId[static_cast<std::size_t>(ids[i])]);
      }
      written += size;
      *offset++ = static_cast<Value>(written);
    });
    auto cells = vtkSmartPointer<vtkCellArray>::New();
    cells->SetData(offsets, connectivity);
    return cells;
  };
  const vtkSmartPointer<vtkCellArray> cells =
    mesh->GetPolys()->IsStorage64Bit()
      ? fill(vtkSmartPointer<vtkTypeInt64Array>::New(), vtkSmartPointer<vtkTypeInt64Array>::New())
      : fill(vtkSmartPointer<vtkTypeInt32Array>::New(), vtkSmartPointer<vtkTypeInt32Array>::New());

  auto result = vtkSmartPointer<vtkPolyData>::New();
  result->SetPoints(points);
  result->SetPolys(cells);
  result->GetPointData()->ShallowCopy(pointData);
  return result;
}

vtkSmartPointer<vtkPolyData>
KeepLargestPieces(vtkPolyData * mesh, unsigned int count, std::size_t * piecesFound)
{
  const MeshPieces pieces = FindMeshPieces(mesh);
  if (piecesFound)
  {
    *piecesFound = pieces.triangles.size();
  }
  if (count == 0 || pieces.triangles.size() <= count)
  {
    return mesh;
  }
  std::vector<std::size_t> order(pieces.triangles.size());
  std::iota(order.begin(), order.end(), std::size_t{ 0 });
  // Largest first; ties in the pieces' order, so the result is deterministic.
  std::stable_sort(order.begin(), order.end(), [&pieces](std::size_t a, std::size_t b) {
    return pieces.triangles[a] > pieces.triangles[b];
  });
  std::vector<bool> keep(pieces.triangles.size(), false);
  for (unsigned int i = 0; i < count; ++i)
  {
    keep[order[i]] = true;
  }
  return ExtractMeshPieces(mesh, pieces, keep);
}

vtkSmartPointer<vtkPolyData>
DecimateSurface(vtkPolyData * mesh, double fraction)
{
  if (!(fraction >= 0.0 && fraction < 1.0))
  {
    throw Error("", "the fraction of triangles to remove must be at least 0 and below 1", "give e.g. 0.5");
  }
  if (fraction == 0.0 || mesh->GetNumberOfPolys() == 0)
  {
    return mesh;
  }
  // Flying edges makes coincident points and degenerate triangles where the
  // surface passes exactly through a voxel (integer HU at an integer
  // threshold); vtkQuadricDecimation stops early on them (a 1 mm bone surface
  // lost 0.02 % of its triangles instead of 60 %). Merging them first fixes that.
  auto clean = vtkSmartPointer<vtkCleanPolyData>::New();
  clean->SetInputData(mesh);
  clean->PointMergingOn();
  clean->SetTolerance(0.0);
  clean->ConvertLinesToPointsOff();
  clean->ConvertPolysToLinesOff();
  clean->ConvertStripsToPolysOff();
  auto decimate = vtkSmartPointer<vtkQuadricDecimation>::New();
  decimate->SetInputConnection(clean->GetOutputPort());
  decimate->SetTargetReduction(fraction);
  decimate->VolumePreservationOn(); // thin bone stays thin, as in the seed's picture
  decimate->Update();
  return Detach(decimate->GetOutput());
}

vtkSmartPointer<vtkPolyData>
ComputeSurfaceNormals(vtkPolyData * mesh)
{
  // Each point's normal is the mean of the unit normals of the polygons around it, what vtkPolyDataNormals
  // gives without splitting or reordering, in one pass over the polygons with the points read in place:
  // vtkPolyDataNormals took 0.26 to 0.34 s for the 813,936 triangles of a chest's bone, this 0.02 s (Surfaces.md).
  const vtkIdType     count = mesh->GetNumberOfPoints();
  const PointReader   readPoint(mesh->GetPoints());
  std::vector<double> sums(3 * static_cast<std::size_t>(count), 0.0);
  ForEachCell(mesh->GetPolys(), [&](vtkIdType size, const auto * ids) {
    // Newell's normal: the cross product for a triangle, and well defined for any planar polygon.
    double normal[3] = { 0.0, 0.0, 0.0 };
    for (vtkIdType k = 0; k < size; ++k)
    {
      double p[3], q[3];
      readPoint(ids[k], p);
      readPoint(ids[(k + 1) % size], q);
      normal[0] += (p[1] - q[1]) * (p[2] + q[2]);
      normal[1] += (p[2] - q[2]) * (p[0] + q[0]);
      normal[2] += (p[0] - q[0]) * (p[1] + q[1]);
    }
    const double length = std::sqrt(normal[0] * normal[0] + normal[1] * normal[1] + normal[2] * normal[2]);
    if (size < 3 || length == 0.0)
    {
      return; // no area, no direction
    }
    for (vtkIdType k = 0; k < size; ++k)
    {
      for (int d = 0; d < 3; ++d)
      {
        sums[3 * static_cast<std::size_t>(ids[k]) + d] += normal[d] / length;
      }
    }
  });
  auto normals = vtkSmartPointer<vtkFloatArray>::New();
  normals->SetName("Normals");
  normals->SetNumberOfComponents(3);
  normals->SetNumberOfTuples(count);
  float * out = normals->GetPointer(0);
  for (std::size_t i = 0; i < static_cast<std::size_t>(count); ++i)
  {
    const double * sum = &sums[3 * i];
    const double   length = std::sqrt(sum[0] * sum[0] + sum[1] * sum[1] + sum[2] * sum[2]);
    for (int d = 0; d < 3; ++d)
    {
      out[3 * i + d] = length > 0.0 ? static_cast<float>(sum[d] / length) : 0.0f; // a point of no polygon: none
    }
  }
  auto result = vtkSmartPointer<vtkPolyData>::New();
  result->ShallowCopy(mesh);
  result->GetPointData()->SetNormals(normals);
  return result;
}

bool
IsThickEnoughForSurface(const itk::ImageBase<3> & image, unsigned int step)
{
  return ThinAxis(image.GetBufferedRegion().GetSize(), step) < 0;
}

bool
IsThickEnoughForSurface(const itk::Size<3> & size, unsigned int step)
{
  return ThinAxis(size, step) < 0;
}

void
RequireThickEnoughForSurface(const itk::Size<3> & size, unsigned int step)
{
  const int axis = ThinAxis(size, step);
  if (axis < 0)
  {
    return;
  }
  throw Error("",
              "the volume is " + (size[axis] == 1 ? std::string("one voxel") : std::to_string(size[axis]) + " voxels") +
                " thick along its " +
                (axis == 0   ? "first"
                 : axis == 1 ? "second"
                             : "third") +
                " axis" + (step > 1 ? " (every " + std::to_string(step) + ")" : "") +
                ": a surface needs at least two planes of voxels in every direction",
              step > 1 ? "use a smaller step" : "give a volume of more than one slice");
}

vtkSmartPointer<vtkPolyData>
ExtractSurface(const SurfaceImageType * image, const SurfaceOptions & options, SurfaceReport * report)
{
  if (options.step < 1)
  {
    throw Error("", "the step must be at least 1", "give --step 1 for every voxel");
  }
  if (!(options.decimate >= 0.0 && options.decimate < 1.0))
  {
    throw Error("", "the fraction of triangles to remove must be at least 0 and below 1", "give e.g. 0.5");
  }
  // Along an axis with a single (sampled) voxel there is nothing to contour, and VTK's contour filters fail
  // there with an error of their own.
  RequireThickEnoughForSurface(image->GetBufferedRegion().GetSize(), options.step);
  const auto    start = std::chrono::steady_clock::now();
  SurfaceReport local;

  // No copy: VTK reads the ITK buffer, with the image's geometry (direction too).
  auto bridge = itk::ImageToVTKImageBridge<SurfaceImageType>::New();
  bridge->SetInput(image);
  bridge->Update();
  vtkAlgorithmOutput * volume = bridge->GetImporter()->GetOutputPort();

  const auto contourStart = std::chrono::steady_clock::now();
  int        box[6];
  if (!SurfaceBox(image, options, box))
  {
    local.contourSeconds = local.totalSeconds = SecondsSince(start);
    if (report)
    {
      *report = local;
    }
    return vtkSmartPointer<vtkPolyData>::New(); // nothing at or above the threshold: no surface
  }
  // Only the box is contoured. vtkImageClip without ClipData passes the whole
  // image on (no copy) and asks for the box as the update extent, which the
  // contour filters honour.
  auto clip = vtkSmartPointer<vtkImageClip>::New();
  auto sample = vtkSmartPointer<vtkExtractVOI>::New();
  if (options.step == 1)
  {
    clip->SetInputConnection(volume);
    clip->SetOutputWholeExtent(box);
    clip->ClipDataOff();
    volume = clip->GetOutputPort();
  }
  else
  {
    // skimage's step_size: every step-th voxel, counted from the first. vtkExtractVOI
    // keeps the origin and direction and multiplies the spacing, so the sampled
    // grid's points are points of the original grid.
    const int   rate = static_cast<int>(options.step);
    const int * whole = bridge->GetOutput()->GetExtent();
    for (int axis = 0; axis < 3; ++axis)
    {
      box[2 * axis] -= (box[2 * axis] - whole[2 * axis]) % rate; // on the sampled grid
      box[2 * axis + 1] = std::min(whole[2 * axis + 1], box[2 * axis + 1] + rate - 1);
    }
    sample->SetInputConnection(volume);
    sample->SetVOI(box);
    sample->SetSampleRate(rate, rate, rate);
    sample->IncludeBoundaryOff();
    volume = sample->GetOutputPort();
  }

  // The contour algorithms place points with the index-to-physical mapping of
  // the vtkImageData they are given. VTK 9.1's flying edges, discrete flying
  // edges and marching cubes honour its direction matrix, but vtkImageClip
  // hands on an image without it; PlaceInPhysicalSpace() below maps the
  // points into the ITK image's physical space whatever the algorithm saw
  // (checked by the tests with a rotated, flipped volume).
  vtkSmartPointer<vtkPolyDataAlgorithm> contour;
  if (options.labelMode)
  {
    auto discrete = vtkSmartPointer<vtkDiscreteFlyingEdges3D>::New();
    discrete->SetValue(0, static_cast<double>(options.label));
    discrete->ComputeNormalsOff();
    discrete->ComputeGradientsOff();
    discrete->ComputeScalarsOff();
    contour = discrete;
  }
  else if (options.algorithm == SurfaceAlgorithm::FlyingEdges)
  {
    auto flyingEdges = vtkSmartPointer<vtkFlyingEdges3D>::New();
    flyingEdges->SetValue(0, options.threshold);
    flyingEdges->ComputeNormalsOff(); // recomputed at the end, after smoothing and decimation
    flyingEdges->ComputeGradientsOff();
    flyingEdges->ComputeScalarsOff();
    contour = flyingEdges;
  }
  else
  {
    auto marchingCubes = vtkSmartPointer<vtkMarchingCubes>::New();
    marchingCubes->SetValue(0, options.threshold);
    marchingCubes->ComputeNormalsOff();
    marchingCubes->ComputeGradientsOff();
    marchingCubes->ComputeScalarsOff();
    contour = marchingCubes;
  }
  contour->SetInputConnection(volume);
  contour->Update();
  vtkSmartPointer<vtkPolyData> mesh = Detach(contour->GetOutput());
  PlaceInPhysicalSpace(mesh, vtkImageData::SafeDownCast(contour->GetInputDataObject(0, 0)), image);
  local.contourSeconds = SecondsSince(contourStart);
  local.contourTriangles = static_cast<std::size_t>(mesh->GetNumberOfPolys());

  if (options.insideBody && mesh->GetNumberOfPolys() > 0)
  {
    mesh = KeepPiecesInsideBody(mesh, ComputeBodyMask(image, options.bodyThreshold), &local.piecesOutsideBody);
  }
  if (options.largest > 0)
  {
    mesh = KeepLargestPieces(mesh, options.largest, &local.pieces);
    local.piecesKept = std::min<std::size_t>(local.pieces, options.largest);
  }
  if (options.smoothIterations > 0 && mesh->GetNumberOfPolys() > 0)
  {
    auto smooth = vtkSmartPointer<vtkWindowedSincPolyDataFilter>::New();
    smooth->SetInputData(mesh);
    smooth->SetNumberOfIterations(options.smoothIterations);
    smooth->SetPassBand(0.1);
    smooth->NormalizeCoordinatesOn(); // numerically stable for meshes hundreds of mm wide
    smooth->BoundarySmoothingOff();
    smooth->FeatureEdgeSmoothingOff();
    smooth->NonManifoldSmoothingOn();
    smooth->Update();
    mesh = Detach(smooth->GetOutput());
  }
  mesh = DecimateSurface(mesh, options.decimate);
  if (options.normals && mesh->GetNumberOfPolys() > 0)
  {
    mesh = ComputeSurfaceNormals(mesh);
  }
  local.totalSeconds = SecondsSince(start);
  if (report)
  {
    *report = local;
  }
  return mesh;
}

} // namespace chestct
