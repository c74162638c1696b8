#ifndef itkSeedLungMaskSliceImageFilter_hxx
#define itkSeedLungMaskSliceImageFilter_hxx

#include "itkSeedLungMaskSliceImageFilter.h"

namespace itk
{

template <typename TInputImage, typename TOutputImage>
SeedLungMaskSliceImageFilter<TInputImage, TOutputImage>::SeedLungMaskSliceImageFilter()
{
  m_Threshold = ThresholdFilterType::New();
  m_Erode = MorphologyFilterType::New();
  m_Erode->DilateOff();
  m_Erode->SetBoxSize(3);
  m_Erode->SetInput(m_Threshold->GetOutput());
  m_Dilate = MorphologyFilterType::New();
  m_Dilate->SetBoxSize(8);
  m_Dilate->SetInput(m_Erode->GetOutput());
  m_Components = ComponentsFilterType::New();
  m_Components->SetFullyConnected(true); // skimage's measure.label: full connectivity by default
  m_Components->SetBackgroundValue(0);
  m_Components->SetInput(m_Dilate->GetOutput());
  m_Selection = SelectionFilterType::New();
  m_Selection->SetInput(m_Components->GetOutput());
  m_FinalDilate = FinalDilateFilterType::New(); // every kept (non-zero) label becomes 1, dilated
  m_FinalDilate->SetBoxSize(10);
  m_FinalDilate->SetInput(m_Selection->GetOutput());
}

template <typename TInputImage, typename TOutputImage>
void
SeedLungMaskSliceImageFilter<TInputImage, TOutputImage>::GenerateInputRequestedRegion()
{
  Superclass::GenerateInputRequestedRegion();
  if (auto * input = const_cast<TInputImage *>(this->GetInput()))
  {
    input->SetRequestedRegionToLargestPossibleRegion();
  }
}

template <typename TInputImage, typename TOutputImage>
void
SeedLungMaskSliceImageFilter<TInputImage, TOutputImage>::EnlargeOutputRequestedRegion(DataObject * output)
{
  Superclass::EnlargeOutputRequestedRegion(output);
  output->SetRequestedRegionToLargestPossibleRegion();
}

template <typename TInputImage, typename TOutputImage>
void
SeedLungMaskSliceImageFilter<TInputImage, TOutputImage>::GenerateData()
{
  const ThreadIdType workUnits = this->GetNumberOfWorkUnits();
  for (ProcessObject * filter : std::initializer_list<ProcessObject *>{
         m_Threshold, m_Erode, m_Dilate, m_Components, m_Selection, m_FinalDilate })
  {
    filter->SetNumberOfWorkUnits(workUnits);
  }
  m_Threshold->SetInput(this->GetInput());
  // The input may be the same image object refilled with another slice (SliceBySliceImageFilter does
  // that without touching its modification time): always run the whole mini-pipeline again.
  m_Threshold->Modified();
  m_FinalDilate->GraftOutput(this->GetOutput());
  m_FinalDilate->Update();
  this->GraftOutput(m_FinalDilate->GetOutput());
}

template <typename TInputImage, typename TOutputImage>
void
SeedLungMaskSliceImageFilter<TInputImage, TOutputImage>::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "Threshold: " << m_Threshold.GetPointer() << std::endl;
  os << indent << "Selection: " << m_Selection.GetPointer() << std::endl;
}

} // namespace itk

#endif
