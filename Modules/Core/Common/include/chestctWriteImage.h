#ifndef chestctWriteImage_h
#define chestctWriteImage_h

#include "chestctAtomicOutputFile.h"
#include "chestctError.h"
#include "chestctImageFileFormat.h"

#include "itkImageFileReader.h"
#include "itkImageFileWriter.h"

#include <algorithm>

namespace chestct
{

/** Reads `fileName` back and checks that it holds `image`'s voxels, whole.
 *
 * Some writers do not report a failed write: NIfTI's C library prints an
 * error when the disk fills and ITK carries on, leaving a short file. A file
 * that looks complete but is not is the worst outcome for a data pipeline,
 * so every written image is read back before it is given its final name.
 * Throws chestct::Error naming `reportedPath` when it does not read back. */
template <typename TImage>
void
VerifyWrittenImage(const TImage * image, const std::string & fileName, ImageFileFormat format,
                   const std::string & reportedPath)
{
  auto reader = itk::ImageFileReader<TImage>::New();
  reader->SetFileName(fileName);
  reader->SetImageIO(CreateImageIO(format));
  bool whole = false;
  try
  {
    reader->Update();
    const TImage * read = reader->GetOutput();
    whole = read->GetLargestPossibleRegion().GetSize() == image->GetLargestPossibleRegion().GetSize();
    if (whole && image->GetBufferedRegion() == image->GetLargestPossibleRegion())
    {
      const std::size_t count = image->GetBufferedRegion().GetNumberOfPixels();
      whole = std::equal(image->GetBufferPointer(), image->GetBufferPointer() + count, read->GetBufferPointer());
    }
  }
  catch (const itk::ExceptionObject &)
  {
    whole = false;
  }
  if (!whole)
  {
    throw Error(reportedPath,
                "the image file written does not read back whole (the disk may be full)",
                "free some disk space and run again; nothing was written under this name");
  }
}

/** Writes the output of `image`'s pipeline to `fileName` in `format`,
 * streaming in `numberOfStreamDivisions` pieces where the format's writer can,
 * and, for the formats whose writer does not report a failed write (NIfTI,
 * MetaImage), reads it back (VerifyWrittenImage).
 * `reportedPath` is the name errors speak of (the final name when `fileName`
 * is a temporary one). Throws chestct::Error when writing fails, or when
 * `compression` contradicts the format (UsesCompression). */
template <typename TImage>
void
WriteImageAs(const TImage * image, const std::string & fileName, ImageFileFormat format,
             const std::string & reportedPath, unsigned int numberOfStreamDivisions = 1,
             ImageCompression compression = ImageCompression::Gzip)
{
  auto writer = itk::ImageFileWriter<TImage>::New();
  writer->SetInput(image);
  writer->SetImageIO(CreateImageIO(format));
  // The writer passes its own flag to the ImageIO, overriding CreateImageIO's choice.
  writer->SetUseCompression(UsesCompression(format, compression, reportedPath));
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
  // ITK's NRRD writer reports a failed write itself (tested: Testing/BadInput, "disk full during the write");
  // the NIfTI and MetaImage writers do not, so what they wrote is read back, at the cost of a second copy
  // of the image in memory and its decompression.
  if (format != ImageFileFormat::NRRD)
  {
    VerifyWrittenImage(image, fileName, format, reportedPath);
  }
}

/** A second image object over the same pixels as `image` (same geometry and
 * buffer, nothing copied), for a writer that runs in another thread: ITK's
 * pipeline records requested regions and times in the image object its
 * filters read, so two threads must not share one. The pixels must not
 * change while the writer runs. */
template <typename TImage>
typename TImage::Pointer
ShareImageBuffer(TImage * image)
{
  auto view = TImage::New();
  view->CopyInformation(image); // the largest possible region, spacing, origin, direction
  view->SetBufferedRegion(image->GetBufferedRegion());
  view->SetRequestedRegion(image->GetBufferedRegion());
  view->SetPixelContainer(image->GetPixelContainer());
  return view;
}

/** Writes `image` to `path` in the format its extension names, atomically
 * (see AtomicOutputFile): the file appears whole or not at all. */
template <typename TImage>
void
WriteImageAtomically(const TImage * image, const std::string & path, unsigned int numberOfStreamDivisions = 1,
                     ImageCompression compression = ImageCompression::Gzip)
{
  const ImageFileFormat format = ImageFileFormatFromPath(path);
  AtomicOutputFile      output(path);
  WriteImageAs(image, output.TemporaryPath(), format, path, numberOfStreamDivisions, compression);
  output.Commit();
}

} // namespace chestct

#endif
