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
  std::map<InputPixelType, Box> boxes;
  // Labels from a connected-component filter run 1, 2, ...: look the last one up once per run.
  InputPixelType last = NumericTraits<InputPixelType>::ZeroValue();
  Box *          box = nullptr;
  const long     nColumns = static_cast<long>(region.GetSize(0)), nRows = static_cast<long>(region.GetSize(1));
  ImageRegionConstIterator<TInputImage> it(input, region);
  for (long row = 0; row < nRows; ++row)
  {
    for (long column = 0; column < nColumns; ++column, ++it)
    {
      const InputPixelType label = it.Get();
      if (label == NumericTraits<InputPixelType>::ZeroValue())
      {
        continue;
      }
      if (box == nullptr || label != last)
      {
        box = &boxes[label];
        last = label;
      }
      box->minRow = std::min(box->minRow, row);
      box->maxRow = std::max(box->maxRow, row + 1);
      box->minColumn = std::min(box->minColumn, column);
      box->maxColumn = std::max(box->maxColumn, column + 1);
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

  last = NumericTraits<InputPixelType>::ZeroValue();
  bool                                  keep = false;
  ImageRegionConstIterator<TInputImage> in(input, region);
  ImageRegionIterator<TOutputImage>     out(output, region);
  for (; !in.IsAtEnd(); ++in, ++out)
  {
    const InputPixelType label = in.Get();
    if (label != last)
    {
      last = label;
      keep = label != NumericTraits<InputPixelType>::ZeroValue() &&
             std::binary_search(m_SelectedLabels.begin(), m_SelectedLabels.end(), label);
    }
    out.Set(keep ? static_cast<OutputPixelType>(label) : NumericTraits<OutputPixelType>::ZeroValue());
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
