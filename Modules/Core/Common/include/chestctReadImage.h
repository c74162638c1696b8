#ifndef chestctReadImage_h
#define chestctReadImage_h

#include "chestctError.h"
#include "chestctImageFileFormat.h"

#include "itkImageFileReader.h"

#include <filesystem>
#include <string>

namespace chestct
{

/** Reads a volume file (.nrrd, .nii, .nii.gz, .mha) as `TImage`, its voxels
 * converted to TImage's pixel type as ITK's reader converts them. `what` names
 * what the file should hold ("a mask", "a label volume") and `remedy` says what
 * to give instead; both go into the chestct::Error thrown, naming `path`, when
 * the name is not a volume file's, the file does not exist, or it cannot be read.
 * \ingroup ChestCTCommon */
template <typename TImage>
typename TImage::Pointer
ReadImageFile(const std::string & path, const std::string & what, const std::string & remedy)
{
  ImageFileFormat format;
  try
  {
    format = ImageFileFormatFromPath(path);
  }
  catch (const Error &)
  {
    throw Error(
      path, what + " is read from a volume file", std::string("give a ") + SupportedImageExtensions() + " file");
  }
  std::error_code missing;
  if (!std::filesystem::exists(path, missing))
  {
    throw Error(path, "does not exist", remedy);
  }
  auto reader = itk::ImageFileReader<TImage>::New();
  reader->SetFileName(path);
  reader->SetImageIO(CreateImageIO(format));
  try
  {
    reader->Update();
  }
  catch (const itk::ExceptionObject & exception)
  {
    throw Error(path, "cannot be read as " + what + ": " + exception.GetDescription(), remedy);
  }
  return reader->GetOutput();
}

} // namespace chestct

#endif
