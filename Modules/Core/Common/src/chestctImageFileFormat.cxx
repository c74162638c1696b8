#include "chestctImageFileFormat.h"
#include "chestctError.h"

#include "itkMetaImageIO.h"
#include "itkNiftiImageIO.h"
#include "itkNrrdImageIO.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace chestct
{
namespace
{
// Longest suffix first, so that .nii.gz is not taken for .gz of something else.
const std::array<std::pair<const char *, ImageFileFormat>, 4> kSuffixes = { {
  { ".nii.gz", ImageFileFormat::NIfTIGzip },
  { ".nrrd", ImageFileFormat::NRRD },
  { ".nii", ImageFileFormat::NIfTI },
  { ".mha", ImageFileFormat::MetaImage },
} };

std::string
Lowercase(std::string text)
{
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

bool
EndsWith(const std::string & text, const std::string & suffix)
{
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}
} // namespace

const char *
SupportedImageExtensions()
{
  return ".nrrd, .nii, .nii.gz or .mha";
}

ImageFileFormat
ImageFileFormatFromPath(const std::string & path)
{
  const std::string lower = Lowercase(path);
  for (const auto & suffix : kSuffixes)
  {
    if (EndsWith(lower, suffix.first))
    {
      return suffix.second;
    }
  }
  throw Error(path, "unknown output format", std::string("end the file name in ") + SupportedImageExtensions());
}

itk::ImageIOBase::Pointer
CreateImageIO(ImageFileFormat format)
{
  itk::ImageIOBase::Pointer io;
  switch (format)
  {
    case ImageFileFormat::NRRD:
      io = itk::NrrdImageIO::New();
      break;
    case ImageFileFormat::NIfTI:
    case ImageFileFormat::NIfTIGzip:
      io = itk::NiftiImageIO::New();
      break;
    case ImageFileFormat::MetaImage:
      io = itk::MetaImageIO::New();
      break;
  }
  // NIfTI decides by the .gz suffix itself; compressing a plain .nii is not allowed.
  io->SetUseCompression(format != ImageFileFormat::NIfTI);
  return io;
}

bool
UsesCompression(ImageFileFormat format, ImageCompression compression, const std::string & path)
{
  if (format == ImageFileFormat::NIfTIGzip && compression == ImageCompression::None)
  {
    throw Error(path, "a .nii.gz file is compressed by definition", "name it .nii to write it uncompressed");
  }
  return format != ImageFileFormat::NIfTI && compression == ImageCompression::Gzip;
}

std::string
SidecarPath(const std::string & imagePath)
{
  const std::string lower = Lowercase(imagePath);
  for (const auto & suffix : kSuffixes)
  {
    if (EndsWith(lower, suffix.first))
    {
      return imagePath.substr(0, imagePath.size() - std::string(suffix.first).size()) + ".json";
    }
  }
  return imagePath + ".json";
}

} // namespace chestct
