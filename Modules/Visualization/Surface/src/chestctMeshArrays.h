#ifndef chestctMeshArrays_h
#define chestctMeshArrays_h

// Internal to ChestCTSurface: a mesh's polygons and points read straight from their arrays.

#include <vtkCellArray.h>
#include <vtkFloatArray.h>
#include <vtkPoints.h>

namespace chestct
{
/** Calls visit(size, ids) for each cell of `cells`, in order, with `ids` pointing into the array's own storage
 * (32 or 64-bit integers, whichever it holds; the visitor takes `const auto *`). vtkCellArrayIterator copies a
 * 32-bit cell into a list of vtkIdType first, through calls that do not inline: over the million triangles of
 * a chest's bone surface, read four or five times on their way to the files, that was most of the reading. */
template <typename TVisit>
void
ForEachCell(vtkCellArray * cells, TVisit && visit)
{
  const auto visitAll = [&cells, &visit](const auto * offsets, const auto * connectivity) {
    const vtkIdType count = cells->GetNumberOfCells();
    for (vtkIdType cell = 0; cell < count; ++cell)
    {
      visit(static_cast<vtkIdType>(offsets[cell + 1] - offsets[cell]), connectivity + offsets[cell]);
    }
  };
  if (cells->IsStorage64Bit())
  {
    visitAll(cells->GetOffsetsArray64()->GetPointer(0), cells->GetConnectivityArray64()->GetPointer(0));
  }
  else
  {
    visitAll(cells->GetOffsetsArray32()->GetPointer(0), cells->GetConnectivityArray32()->GetPointer(0));
  }
}

/** Reads a mesh's points as doubles: straight from their array when it holds floats (every surface ChestCT
 * makes), else through vtkPoints::GetPoint, a virtual call a point. The same values either way. */
class PointReader
{
public:
  explicit PointReader(vtkPoints * points)
    : m_Points(points)
  {
    auto * floats = points != nullptr ? vtkFloatArray::FastDownCast(points->GetData()) : nullptr;
    m_XYZ = floats != nullptr ? floats->GetPointer(0) : nullptr;
  }

  void
  operator()(vtkIdType id, double * point) const
  {
    if (m_XYZ == nullptr)
    {
      m_Points->GetPoint(id, point);
      return;
    }
    for (int axis = 0; axis < 3; ++axis)
    {
      point[axis] = static_cast<double>(m_XYZ[3 * id + axis]);
    }
  }

private:
  vtkPoints *   m_Points;
  const float * m_XYZ{ nullptr };
};
} // namespace chestct

#endif
