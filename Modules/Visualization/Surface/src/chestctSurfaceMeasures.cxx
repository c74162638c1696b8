#include "chestctSurfaceMeasures.h"
#include "chestctMeshArrays.h"

#include <vtkCellArray.h>
#include <vtkPoints.h>

#include <cmath>

namespace chestct
{

SurfaceMeasures
MeasureSurface(vtkPolyData * mesh)
{
  SurfaceMeasures measures;
  measures.vertices = static_cast<std::size_t>(mesh->GetNumberOfPoints());
  if (measures.vertices > 0)
  {
    mesh->GetBounds(measures.bounds.data());
  }
  vtkCellArray * polys = mesh->GetPolys();
  vtkPoints *    points = mesh->GetPoints();
  if (!polys || !points)
  {
    return measures;
  }
  double     weighted[3] = { 0.0, 0.0, 0.0 };
  const auto addTriangle = [&](const double * a, const double * b, const double * c) {
    const double u[3] = { b[0] - a[0], b[1] - a[1], b[2] - a[2] };
    const double v[3] = { c[0] - a[0], c[1] - a[1], c[2] - a[2] };
    const double cross[3] = { u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0] };
    const double area = 0.5 * std::sqrt(cross[0] * cross[0] + cross[1] * cross[1] + cross[2] * cross[2]);
    measures.area += area;
    for (int axis = 0; axis < 3; ++axis)
    {
      weighted[axis] += area * (a[axis] + b[axis] + c[axis]) / 3.0;
    }
    ++measures.triangles;
  };
  // Points and cells read straight from their arrays (PointReader, ForEachCell): through GetPoint, a virtual
  // call per corner, and vtkCellArrayIterator, measuring a chest's bone took about as long as writing it.
  // The same doubles, added in the same order: the same measures.
  const PointReader readPoint(points);
  ForEachCell(polys, [&](vtkIdType size, const auto * ids) {
    if (size != 3)
    {
      return;
    }
    double a[3], b[3], c[3];
    readPoint(static_cast<vtkIdType>(ids[0]), a);
    readPoint(static_cast<vtkIdType>(ids[1]), b);
    readPoint(static_cast<vtkIdType>(ids[2]), c);
    addTriangle(a, b, c);
  });
  if (measures.area > 0.0)
  {
    for (int axis = 0; axis < 3; ++axis)
    {
      measures.centroid[axis] = weighted[axis] / measures.area;
    }
  }
  return measures;
}

} // namespace chestct
