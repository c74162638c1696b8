#ifndef chestctWriteImage_h
#define chestctWriteImage_h

#include "chestctAtomicOutputFile.h"
#include "chestctError.h"
#include "chestctImageFileFormat.h"

#include "itkImageFileWriter.h"

namespace chestct {

/** Writes the output of `image`'s pipeline to `fileName` in `format`,
 * streaming in `numberOfStreamDivisions` pieces where the format's writer can.
 * `reportedPath` is the name errors speak of (the final name when `fileName`
 * is a temporary one). Throws chestct::Error when writing fails. */
template<typename TImage>
void
WriteImageAs(const TImage *      image,
             const std::string & fileName,
             ImageFileFormat     format,
             const std::string & reportedPath,
             unsigned int        numberOfStreamDivisions = 1)
{
  auto writer = itk::ImageFileWriter<TImage>::New();
  writer->SetInput(image);
  writer->SetImageIO(CreateImageIO(format));
  // The writer passes its own flag to the ImageIO, overriding CreateImageIO's choice.
  writer->SetUseCompression(format != ImageFileFormat::NIfTI);
  writer->SetFileName(fileName);
  writer->SetNumberOfStreamDivisions(numberOfStreamDivisions);
  try
  {
    writer->Update();
  }
  catch (const itk::ExceptionObject & exception)
  {
    throw Error(reportedPath,
                std::string("could not write the image: ") + exception.GetDescription(),
                "check free disk space and permissions");
  }
}

/** Writes `image` to `path` in the format its extension names, atomically
 * (see AtomicOutputFile): the file appears whole or not at all. */
template<typename TImage>
void
WriteImageAtomically(const TImage * image, const std::string & path, unsigned int numberOfStreamDivisions = 1)
{
  const ImageFileFormat format = ImageFileFormatFromPath(path);
  AtomicOutputFile      output(path);
  WriteImageAs(image, output.TemporaryPath(), format, path, numberOfStreamDivisions);
  output.Commit();
}

} // namespace chestct

#endif
