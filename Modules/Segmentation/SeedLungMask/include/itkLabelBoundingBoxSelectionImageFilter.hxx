#ifndef itkLabelBoundingBoxSelectionImageFilter_hxx
#define itkLabelBoundingBoxSelectionImageFilter_hxx

#include "itkLabelBoundingBoxSelectionImageFilter.h"

#include "itkImageRegionConstIterator.h"
#include "itkImageRegionIterator.h"

#include <limits>
#include <map>

namespace itk
{

template <typename TInputImage, typename TOutputImage>
bool
LabelBoundingBoxSelectionImageFilter<TInputImage, TOutputImage>::Accepts(long minRow, long minColumn, long maxRow,
                                                                         long maxColumn, long nRows,
                                                                         long nColumns) const
{
  const auto rows = static_cast<double>(nRows), columns = static_cast<double>(nColumns);
  return static_cast<double>(maxRow -
                             minRow)<rows * m_MaximumExtentFraction && static_cast<double>(maxColumn - minColumn) <
                                     columns * m_MaximumExtentFraction && static_cast<double>(minRow)>
             rows * m_TopFraction &&
         static_cast<double>(maxRow) < columns * m_BottomFraction; // the seed's col_size, kept
}

template <typename TInputImage, typename TOutputImage>
void
LabelBoundingBoxSelectionImageFilter<TInputImage, TOutputImage>::GenerateInputRequestedRegion()
{
  Superclass::GenerateInputRequestedRegion();
  if (auto * input = const_cast<TInputImage *>(this->GetInput()))
  {
    input->SetRequestedRegionToLargestPossibleRegion();
  }
}

template <typename TInputImage, typename TOutputImage>
void
LabelBoundingBoxSelectionImageFilter<TInputImage, TOutputImage>::EnlargeOutputRequestedRegion(DataObject * output)
{
  Superclass::EnlargeOutputRequestedRegion(output);
  output->SetRequestedRegionToLargestPossibleRegion();
}

template <typename TInputImage, typename TOutputImage>
void
LabelBoundingBoxSelectionImageFilter<TInputImage, TOutputImage>::GenerateData()
{
  this->AllocateOutputs();
  const TInputImage * input = this->GetInput();
  TOutputImage *      output = this->GetOutput();
  const auto          region = output->GetRequestedRegion();

  struct Box
  {
    long minRow{ std::numeric_limits<long>::max() }, minColumn{ std::numeric_limits<long>::max() };
    long maxRow{ std::numeric_limits<long>::min() }, maxColumn{ std::numeric_limits<long>::min() };
  };
  // Labels from a connected-component filter run 1, 2, ... n: a vector indexed by label holds their
  // boxes; any other label (larger than the pixel count) goes to a map.
  const long                    nColumns = static_cast<long>(region.GetSize(0));
  const long                    nRows = static_cast<long>(region.GetSize(1));
  const std::size_t             pixels = region.GetNumberOfPixels();
  const InputPixelType *        in = input->GetBufferPointer(); // whole-image filter: the buffer is the region
  std::vector<Box>              dense;
  std::map<InputPixelType, Box> sparse;
  const auto                    boxOf = [&](InputPixelType label) -> Box & {
    if (label > 0 && static_cast<double>(label) <= static_cast<double>(pixels))
    {
      const auto i = static_cast<std::size_t>(label);
      if (i >= dense.size())
      {
        dense.resize(i + 1);
      }
      return dense[i];
    }
    return sparse[label];
  };
  for (long row = 0; row < nRows; ++row)
  {
    const InputPixelType * line = in + static_cast<std::size_t>(row) * static_cast<std::size_t>(nColumns);
    for (long column = 0; column < nColumns; ++column)
    {
      const InputPixelType label = line[column];
      if (label == NumericTraits<InputPixelType>::ZeroValue())
      {
        continue;
      }
      long end = column + 1; // the run of this label along the row
      while (end < nColumns && line[end] == label)
      {
        ++end;
      }
      Box & box = boxOf(label);
      box.minRow = std::min(box.minRow, row);
      box.maxRow = std::max(box.maxRow, row + 1);
      box.minColumn = std::min(box.minColumn, column);
      box.maxColumn = std::max(box.maxColumn, end);
      column = end - 1;
    }
  }
  std::map<InputPixelType, Box> boxes = std::move(sparse);
  for (std::size_t i = 1; i < dense.size(); ++i)
  {
    if (dense[i].maxRow >= 0)
    {
      boxes.emplace(static_cast<InputPixelType>(i), dense[i]);
    }
  }

  m_SelectedLabels.clear();
  for (const auto & entry : boxes)
  {
    const Box & b = entry.second;
    if (this->Accepts(b.minRow, b.minColumn, b.maxRow, b.maxColumn, nRows, nColumns))
    {
      m_SelectedLabels.push_back(entry.first);
    }
  }

  InputPixelType    last = NumericTraits<InputPixelType>::ZeroValue();
  bool              keep = false;
  OutputPixelType * out = output->GetBufferPointer();
  for (std::size_t i = 0; i < pixels; ++i)
  {
    const InputPixelType label = in[i];
    if (label != last)
    {
      last = label;
      keep = label != NumericTraits<InputPixelType>::ZeroValue() &&
             std::binary_search(m_SelectedLabels.begin(), m_SelectedLabels.end(), label);
    }
    out[i] = keep ? static_cast<OutputPixelType>(label) : NumericTraits<OutputPixelType>::ZeroValue();
  }
}

template <typename TInputImage, typename TOutputImage>
void
LabelBoundingBoxSelectionImageFilter<TInputImage, TOutputImage>::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "MaximumExtentFraction: " << m_MaximumExtentFraction << std::endl;
  os << indent << "TopFraction: " << m_TopFraction << std::endl;
  os << indent << "BottomFraction: " << m_BottomFraction << std::endl;
  os << indent << "SelectedLabels: " << m_SelectedLabels.size() << std::endl;
}

} // namespace itk

#endif
