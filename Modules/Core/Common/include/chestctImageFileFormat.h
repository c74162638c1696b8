#ifndef chestctImageFileFormat_h
#define chestctImageFileFormat_h

#include "itkImageIOBase.h"

#include <string>

namespace chestct
{

/** The volume formats ChestCT writes, chosen by file extension. */
enum class ImageFileFormat
{
  NRRD,      ///< .nrrd (attached header)
  NIfTI,     ///< .nii
  NIfTIGzip, ///< .nii.gz
  MetaImage  ///< .mha (attached header)
};

/** Whether a volume is written compressed. NRRD and MetaImage files are gzip-compressed unless asked
 * otherwise; a NIfTI file is compressed exactly when its name ends in .gz. In a NRRD file it is the
 * `encoding` field (gzip or raw), in ITK's writers and ChestCT's streaming NRRD writer alike.
 *
 * Raw costs nothing to write or read and can be mapped into memory; gzip halves a CT volume (its noise
 * compresses about 2:1) and shrinks a mask or a masked volume, mostly one value, 15 to 80 times, but
 * deflating a 1 mm chest CT takes about 2 s of a core. */
enum class ImageCompression
{
  Gzip, ///< where the format allows it (the default); NRRD: one gzip stream at zlib level 2
  None  ///< raw voxels: larger files, no time spent compressing
};

/** The format named by a path's extension; throws chestct::Error naming the
 * supported extensions when there is none or it is unknown. */
ImageFileFormat
ImageFileFormatFromPath(const std::string & path);

/** A new ImageIO for the format, set up to compress where the format can. */
itk::ImageIOBase::Pointer
CreateImageIO(ImageFileFormat format);

/** Whether a writer compresses a file of `format` asked to be written with `compression`; throws
 * chestct::Error naming `path` for a .nii.gz asked to be left uncompressed. */
bool
UsesCompression(ImageFileFormat format, ImageCompression compression, const std::string & path);

/** The JSON sidecar's path for an image: the image's name with its image
 * extension replaced by .json (scan.nii.gz -> scan.json). */
std::string
SidecarPath(const std::string & imagePath);

/** The supported extensions, for help texts and error messages. */
const char *
SupportedImageExtensions();

} // namespace chestct

#endif
