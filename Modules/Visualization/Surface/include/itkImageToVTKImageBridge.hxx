#ifndef itkImageToVTKImageBridge_hxx
#define itkImageToVTKImageBridge_hxx

#include "itkImageToVTKImageBridge.h"

namespace itk
{

template <typename TInputImage>
ImageToVTKImageBridge<TInputImage>::ImageToVTKImageBridge()
  : m_Exporter(ExporterType::New())
  , m_Importer(vtkSmartPointer<vtkImageImport>::New())
{
  // Every callback the exporter offers, so that VTK's pipeline requests
  // (information, extents, data) reach the ITK pipeline.
  m_Importer->SetUpdateInformationCallback(m_Exporter->GetUpdateInformationCallback());
  m_Importer->SetPipelineModifiedCallback(m_Exporter->GetPipelineModifiedCallback());
  m_Importer->SetWholeExtentCallback(m_Exporter->GetWholeExtentCallback());
  m_Importer->SetSpacingCallback(m_Exporter->GetSpacingCallback());
  m_Importer->SetOriginCallback(m_Exporter->GetOriginCallback());
  // Without this one the vtkImageData's direction stays the identity and a
  // rotated or flipped volume's surface lands in the wrong place.
  m_Importer->SetDirectionCallback(m_Exporter->GetDirectionCallback());
  m_Importer->SetScalarTypeCallback(m_Exporter->GetScalarTypeCallback());
  m_Importer->SetNumberOfComponentsCallback(m_Exporter->GetNumberOfComponentsCallback());
  m_Importer->SetPropagateUpdateExtentCallback(m_Exporter->GetPropagateUpdateExtentCallback());
  m_Importer->SetUpdateDataCallback(m_Exporter->GetUpdateDataCallback());
  m_Importer->SetDataExtentCallback(m_Exporter->GetDataExtentCallback());
  m_Importer->SetBufferPointerCallback(m_Exporter->GetBufferPointerCallback());
  m_Importer->SetCallbackUserData(m_Exporter->GetCallbackUserData());
}

template <typename TInputImage>
void
ImageToVTKImageBridge<TInputImage>::SetInput(const InputImageType * image)
{
  m_Exporter->SetInput(image);
  this->Modified();
}

template <typename TInputImage>
auto
ImageToVTKImageBridge<TInputImage>::GetInput() const -> const InputImageType *
{
  return m_Exporter->GetInput();
}

template <typename TInputImage>
vtkImageData *
ImageToVTKImageBridge<TInputImage>::GetOutput() const
{
  return m_Importer->GetOutput();
}

template <typename TInputImage>
vtkImageImport *
ImageToVTKImageBridge<TInputImage>::GetImporter() const
{
  return m_Importer;
}

template <typename TInputImage>
auto
ImageToVTKImageBridge<TInputImage>::GetExporter() const -> ExporterType *
{
  return m_Exporter;
}

template <typename TInputImage>
void
ImageToVTKImageBridge<TInputImage>::Update()
{
  m_Importer->Update();
}

template <typename TInputImage>
void
ImageToVTKImageBridge<TInputImage>::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "Exporter: " << m_Exporter.GetPointer() << std::endl;
  os << indent << "Importer: " << m_Importer.GetPointer() << std::endl;
}

} // namespace itk

#endif
