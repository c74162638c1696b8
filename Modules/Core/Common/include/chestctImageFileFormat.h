#ifndef chestctImageFileFormat_h
#define chestctImageFileFormat_h

#include "itkImageIOBase.h"

#include <string>

namespace chestct
{

/** The volume formats ChestCT writes, chosen by file extension. */
enum class ImageFileFormat
{
  NRRD,      ///< .nrrd (gzip-compressed, attached header)
  NIfTI,     ///< .nii
  NIfTIGzip, ///< .nii.gz
  MetaImage  ///< .mha (compressed, attached header)
};

/** The format named by a path's extension; throws chestct::Error naming the
 * supported extensions when there is none or it is unknown. */
ImageFileFormat
ImageFileFormatFromPath(const std::string & path);

/** A new ImageIO for the format, set up to compress where the format can. */
itk::ImageIOBase::Pointer
CreateImageIO(ImageFileFormat format);

/** The JSON sidecar's path for an image: the image's name with its image
 * extension replaced by .json (scan.nii.gz -> scan.json). */
std::string
SidecarPath(const std::string & imagePath);

/** The supported extensions, for help texts and error messages. */
const char *
SupportedImageExtensions();

} // namespace chestct

#endif
