#ifndef itkSeedLungMaskSliceImageFilter_hxx
#define itkSeedLungMaskSliceImageFilter_hxx

#include "itkSeedLungMaskSliceImageFilter.h"

namespace itk
{

template <typename TInputImage, typename TOutputImage>
auto
SeedLungMaskSliceImageFilter<TInputImage, TOutputImage>::BoxPairKernel() -> KernelType
{
  typename KernelType::RadiusType radius;
  radius.Fill(1);
  KernelType kernel;
  kernel.SetRadius(radius);
  for (auto it = kernel.Begin(); it != kernel.End(); ++it)
  {
    *it = false;
  }
  // ITK's flat dilation takes out(x) = max over the "on" offsets o of in(x + o), no reflection.
  for (int dy = 0; dy <= 1; ++dy)
  {
    for (int dx = 0; dx <= 1; ++dx)
    {
      typename KernelType::OffsetType offset{ { dx, dy } };
      kernel[offset] = true;
    }
  }
  return kernel;
}

template <typename TInputImage, typename TOutputImage>
SeedLungMaskSliceImageFilter<TInputImage, TOutputImage>::SeedLungMaskSliceImageFilter()
{
  const auto box = [](SizeValueType r) {
    typename KernelType::RadiusType radius;
    radius.Fill(r);
    return KernelType::Box(radius);
  };
  m_Threshold = ThresholdFilterType::New();
  m_Erode = ErodeFilterType::New();
  m_Erode->SetKernel(box(1)); // 3 x 3, odd: centred
  m_Erode->SetInput(m_Threshold->GetOutput());
  m_DilateBox = DilateFilterType::New();
  m_DilateBox->SetKernel(box(3)); // 7 x 7, then the pair: 8 x 8 anchored as scikit-image's
  m_DilateBox->SetInput(m_Erode->GetOutput());
  m_DilatePair = DilateFilterType::New();
  m_DilatePair->SetKernel(BoxPairKernel());
  m_DilatePair->SetAlgorithm(DilateFilterType::AlgorithmEnum::BASIC);
  m_DilatePair->SetInput(m_DilateBox->GetOutput());
  m_Components = ComponentsFilterType::New();
  m_Components->SetFullyConnected(true);
  m_Components->SetBackgroundValue(0);
  m_Components->SetInput(m_DilatePair->GetOutput());
  m_Selection = SelectionFilterType::New();
  m_Selection->SetInput(m_Components->GetOutput());
  m_Binary = BinaryFilterType::New();
  m_Binary->SetLowerThreshold(1);
  m_Binary->SetInsideValue(1);
  m_Binary->SetOutsideValue(0);
  m_Binary->SetInput(m_Selection->GetOutput());
  m_FinalDilateBox = DilateFilterType::New();
  m_FinalDilateBox->SetKernel(box(4)); // 9 x 9, then the pair: 10 x 10
  m_FinalDilateBox->SetInput(m_Binary->GetOutput());
  m_FinalDilatePair = FinalDilateFilterType::New();
  m_FinalDilatePair->SetKernel(BoxPairKernel());
  m_FinalDilatePair->SetAlgorithm(FinalDilateFilterType::AlgorithmEnum::BASIC);
  m_FinalDilatePair->SetInput(m_FinalDilateBox->GetOutput());
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
  for (ProcessObject * filter : std::initializer_list<ProcessObject *>{ m_Threshold,
                                                                        m_Erode,
                                                                        m_DilateBox,
                                                                        m_DilatePair,
                                                                        m_Components,
                                                                        m_Selection,
                                                                        m_Binary,
                                                                        m_FinalDilateBox,
                                                                        m_FinalDilatePair })
  {
    filter->SetNumberOfWorkUnits(workUnits);
  }
  m_Threshold->SetInput(this->GetInput());
  // The input may be the same image object refilled with another slice (SliceBySliceImageFilter does
  // that without touching its modification time): always run the whole mini-pipeline again.
  m_Threshold->Modified();
  m_FinalDilatePair->GraftOutput(this->GetOutput());
  m_FinalDilatePair->Update();
  this->GraftOutput(m_FinalDilatePair->GetOutput());
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
