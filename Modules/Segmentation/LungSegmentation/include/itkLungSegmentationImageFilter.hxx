#ifndef itkLungSegmentationImageFilter_hxx
#define itkLungSegmentationImageFilter_hxx

#include "itkLungSegmentationImageFilter.h"

#include "itkCastImageFilter.h"
#include "itkImageAlgorithm.h"

#include <type_traits>

namespace itk
{

template <typename TInputImage, typename TOutputImage>
void
LungSegmentationImageFilter<TInputImage, TOutputImage>::GenerateInputRequestedRegion()
{
  Superclass::GenerateInputRequestedRegion();
  // The airway and the lungs are found in the whole volume, never in a part of it.
  if (auto * input = const_cast<TInputImage *>(this->GetInput()))
  {
    input->SetRequestedRegionToLargestPossibleRegion();
  }
}

template <typename TInputImage, typename TOutputImage>
void
LungSegmentationImageFilter<TInputImage, TOutputImage>::EnlargeOutputRequestedRegion(DataObject * output)
{
  Superclass::EnlargeOutputRequestedRegion(output);
  output->SetRequestedRegionToLargestPossibleRegion();
}

template <typename TInputImage, typename TOutputImage>
void
LungSegmentationImageFilter<TInputImage, TOutputImage>::GenerateData()
{
  using HUImageType = Image<short, 3>;
  typename HUImageType::ConstPointer hu;
  if constexpr (std::is_same<TInputImage, HUImageType>::value)
  {
    hu = this->GetInput();
  }
  else
  {
    auto cast = CastImageFilter<TInputImage, HUImageType>::New();
    cast->SetInput(this->GetInput());
    cast->Update();
    hu = cast->GetOutput();
  }

  chestct::LungSegmentationParameters parameters;
  parameters.workingSpacing = m_WorkingSpacing;
  parameters.airThreshold = m_AirThreshold;
  parameters.closingRadius = m_ClosingRadius;
  parameters.pleuralBayReach = m_PleuralBayReach;
  parameters.minimumLungVolume = m_MinimumLungVolume;
  const auto labels = chestct::SegmentLungs(hu, parameters, &m_Report);

  TOutputImage * output = this->GetOutput();
  output->SetBufferedRegion(output->GetLargestPossibleRegion());
  output->Allocate();
  ImageAlgorithm::Copy(labels.GetPointer(), output, labels->GetBufferedRegion(), output->GetLargestPossibleRegion());
}

template <typename TInputImage, typename TOutputImage>
void
LungSegmentationImageFilter<TInputImage, TOutputImage>::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "WorkingSpacing: " << m_WorkingSpacing << std::endl;
  os << indent << "AirThreshold: " << m_AirThreshold << std::endl;
  os << indent << "ClosingRadius: " << m_ClosingRadius << std::endl;
  os << indent << "PleuralBayReach: " << m_PleuralBayReach << std::endl;
  os << indent << "MinimumLungVolume: " << m_MinimumLungVolume << std::endl;
}

} // namespace itk

#endif
