#ifndef chestctReadHounsfieldVolume_h
#define chestctReadHounsfieldVolume_h

#include "chestctHounsfieldVolumeReader.h"

#include <string>

namespace chestct
{

/** \brief A CT volume in Hounsfield units and where it came from. \ingroup ChestCTDICOM */
struct HounsfieldVolume
{
  HounsfieldVolumeReader::ImageType::Pointer image;
  std::string description; ///< the series description (DICOM) or the file name (volume file)
  bool        fromDICOM{ false };
};

/** Reads a CT volume in HU from what a user may give: a DICOM folder or file
 * (converted as 'chestct convert' does, choosing the series by `seriesKey` or
 * the best CT), or a volume file (.nrrd, .nii, .nii.gz, .mha) already in HU.
 * Every chestct subcommand that takes a volume takes it through here.
 * Throws chestct::Error naming the path when nothing usable is there. */
HounsfieldVolume
ReadHounsfieldVolume(const std::string & path, const std::string & seriesKey = {},
                     const HounsfieldConversionOptions & options = {});

} // namespace chestct

#endif
