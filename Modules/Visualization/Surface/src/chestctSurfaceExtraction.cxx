#include "chestctSurfaceExtraction.h"
#include "chestctSurfaceBody.h"
#include "chestctError.h"
#include "itkImageToVTKImageBridge.h"

#include <vtkDiscreteFlyingEdges3D.h>
#include <vtkExtractVOI.h>
#include <vtkFlyingEdges3D.h>
#include <vtkIdTypeArray.h>
#include <vtkMarchingCubes.h>
#include <vtkCellArray.h>
#include <vtkCellArrayIterator.h>
#include <vtkPoints.h>
#include <vtkPolyDataNormals.h>
#include <vtkQuadricDecimation.h>
#include <vtkWindowedSincPolyDataFilter.h>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <vector>

namespace chestct
{
namespace
{
double
SecondsSince(std::chrono::steady_clock::time_point start)
{
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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
  auto iterator = vtk::TakeSmartPointer(mesh->GetPolys()->NewIterator());
  for (iterator->GoToFirstCell(); !iterator->IsDoneWithTraversal(); iterator->GoToNextCell())
  {
    vtkIdType         size = 0;
    const vtkIdType * ids = nullptr;
    iterator->GetCurrentCell(size, ids);
    for (vtkIdType i = 1; i < size; ++i)
    {
      const vtkIdType a = root(ids[0]), b = root(ids[i]);
      if (a != b)
      {
        parent[std::max(a, b)] = std::min(a, b);
      }
    }
  }
  // Number the pieces in the order of their first point, so that results are deterministic.
  std::vector<vtkIdType> pieceOfRoot(static_cast<std::size_t>(pointCount), -1);
  pieces.pieceOfPoint.assign(static_cast<std::size_t>(pointCount), -1);
  for (iterator->GoToFirstCell(); !iterator->IsDoneWithTraversal(); iterator->GoToNextCell())
  {
    vtkIdType         size = 0;
    const vtkIdType * ids = nullptr;
    iterator->GetCurrentCell(size, ids);
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
  }
  return pieces;
}

vtkSmartPointer<vtkPolyData>
ExtractMeshPieces(vtkPolyData * mesh, const MeshPieces & pieces, const std::vector<bool> & keep)
{
  // The kept triangles, with their points renumbered so that no unused point remains.
  const vtkIdType        pointCount = mesh->GetNumberOfPoints();
  std::vector<vtkIdType> newId(static_cast<std::size_t>(pointCount), -1);
  auto                   points = vtkSmartPointer<vtkPoints>::New();
  points->SetDataType(mesh->GetPoints()->GetDataType());
  auto                   cells = vtkSmartPointer<vtkCellArray>::New();
  auto                   iterator = vtk::TakeSmartPointer(mesh->GetPolys()->NewIterator());
  std::vector<vtkIdType> renumbered;
  for (iterator->GoToFirstCell(); !iterator->IsDoneWithTraversal(); iterator->GoToNextCell())
  {
    vtkIdType         size = 0;
    const vtkIdType * ids = nullptr;
    iterator->GetCurrentCell(size, ids);
    if (size == 0 || !keep[pieces.pieceOfPoint[ids[0]]])
    {
      continue;
    }
    renumbered.resize(static_cast<std::size_t>(size));
    for (vtkIdType i = 0; i < size; ++i)
    {
      if (newId[ids[i]] < 0)
      {
        newId[ids[i]] = points->InsertNextPoint(mesh->GetPoint(ids[i]));
      }
      renumbered[i] = newId[ids[i]];
    }
    cells->InsertNextCell(size, renumbered.data());
  }
  auto result = vtkSmartPointer<vtkPolyData>::New();
  result->SetPoints(points);
  result->SetPolys(cells);
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
  auto decimate = vtkSmartPointer<vtkQuadricDecimation>::New();
  decimate->SetInputData(mesh);
  decimate->SetTargetReduction(fraction);
  decimate->VolumePreservationOn(); // thin bone stays thin, as in the seed's picture
  decimate->Update();
  return Detach(decimate->GetOutput());
}

vtkSmartPointer<vtkPolyData>
ComputeSurfaceNormals(vtkPolyData * mesh)
{
  auto normals = vtkSmartPointer<vtkPolyDataNormals>::New();
  normals->SetInputData(mesh);
  normals->ComputePointNormalsOn();
  normals->ComputeCellNormalsOff();
  normals->SplittingOff();   // splitting would duplicate points along sharp edges
  normals->ConsistencyOff(); // the iso-surface algorithms orient every triangle consistently already
  normals->Update();
  return Detach(normals->GetOutput());
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
  const auto    start = std::chrono::steady_clock::now();
  SurfaceReport local;

  // No copy: VTK reads the ITK buffer, with the image's geometry (direction too).
  auto bridge = itk::ImageToVTKImageBridge<SurfaceImageType>::New();
  bridge->SetInput(image);
  bridge->Update();
  vtkAlgorithmOutput * volume = bridge->GetImporter()->GetOutputPort();

  // skimage's step_size: every step-th voxel, starting at the first. vtkExtractVOI
  // keeps the origin and direction and multiplies the spacing, so the sampled
  // grid's points are the original grid's points.
  auto sample = vtkSmartPointer<vtkExtractVOI>::New();
  if (options.step > 1)
  {
    const int rate = static_cast<int>(options.step);
    sample->SetInputConnection(volume);
    sample->SetVOI(bridge->GetOutput()->GetExtent());
    sample->SetSampleRate(rate, rate, rate);
    sample->IncludeBoundaryOff();
    sample->Update();
    volume = sample->GetOutputPort();
  }

  // The three algorithms place points with vtkImageData's index-to-physical
  // mapping, direction included (VTK 9.1: checked by the tests with a rotated,
  // flipped volume), so the mesh is in the image's physical space as it comes.
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
  const auto contourStart = std::chrono::steady_clock::now();
  contour->Update();
  local.contourSeconds = SecondsSince(contourStart);
  vtkSmartPointer<vtkPolyData> mesh = Detach(contour->GetOutput());
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
