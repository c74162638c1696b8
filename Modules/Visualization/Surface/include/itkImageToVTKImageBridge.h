#ifndef itkImageToVTKImageBridge_h
#define itkImageToVTKImageBridge_h

#include "itkProcessObject.h"
#include "itkVTKImageExport.h"

#include <vtkImageData.h>
#include <vtkImageImport.h>
#include <vtkSmartPointer.h>

namespace itk
{

/** \class ImageToVTKImageBridge
 * \brief Hands an ITK image to a VTK pipeline as vtkImageData, without ITKVtkGlue.
 *
 * An itk::VTKImageExport and a vtkImageImport joined by their callbacks, the
 * way ITK's Examples/Visualization do it, plus the direction callback (VTK 9
 * images carry a direction matrix): the vtkImageData has the ITK image's
 * extent (its largest possible region's index and size), spacing, origin and
 * direction, so VTK's index-to-physical mapping is ITK's and a VTK filter that
 * honours the direction puts its output in the image's patient space (LPS mm
 * for ChestCT volumes). The pixels are not copied: VTK reads the ITK buffer,
 * which stays valid while this object and its input live.
 *
 * Updating the VTK side (the importer's output, or anything downstream of it)
 * updates the ITK pipeline that produces the input.
 *
 * \ingroup ChestCTSurface
 */
template <typename TInputImage>
class ITK_TEMPLATE_EXPORT ImageToVTKImageBridge : public ProcessObject
{
public:
  ITK_DISALLOW_COPY_AND_MOVE(ImageToVTKImageBridge);

  using Self = ImageToVTKImageBridge;
  using Superclass = ProcessObject;
  using Pointer = SmartPointer<Self>;
  using ConstPointer = SmartPointer<const Self>;

  itkNewMacro(Self);
  itkTypeMacro(ImageToVTKImageBridge, ProcessObject);

  using InputImageType = TInputImage;
  using ExporterType = VTKImageExport<InputImageType>;

  /** The ITK image to hand over. */
  void
  SetInput(const InputImageType * image);
  const InputImageType *
  GetInput() const;

  /** The VTK view of the input: connect it (or GetImporter()->GetOutputPort()) to VTK filters. */
  vtkImageData *
  GetOutput() const;
  vtkImageImport *
  GetImporter() const;
  ExporterType *
  GetExporter() const;

  /** Brings the VTK output up to date (and with it the ITK pipeline upstream). */
  void
  Update() override;

protected:
  ImageToVTKImageBridge();
  ~ImageToVTKImageBridge() override = default;
  void
  PrintSelf(std::ostream & os, Indent indent) const override;

private:
  typename ExporterType::Pointer  m_Exporter;
  vtkSmartPointer<vtkImageImport> m_Importer;
};

} // namespace itk

#ifndef ITK_MANUAL_INSTANTIATION
#  include "itkImageToVTKImageBridge.hxx"
#endif

#endif
