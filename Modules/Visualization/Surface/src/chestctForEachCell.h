#ifndef chestctForEachCell_h
#define chestctForEachCell_h

// Internal to ChestCTSurface: the one loop over a mesh's polygons that its functions share.

#include <vtkCellArray.h>

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
} // namespace chestct

#endif
