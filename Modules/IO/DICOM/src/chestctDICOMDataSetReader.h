#ifndef chestctDICOMDataSetReader_h
#define chestctDICOMDataSetReader_h

#include "chestctDICOMSeries.h"

#include <optional>
#include <string>
#include <variant>

namespace chestct
{

/** \brief Reads one file's DICOM header (everything before the pixel data)
 * into a one-file DICOMSeries, or says why the file is not an image to use.
 *
 * Internal to the module: the folder scanner calls it once per file. Only the
 * header is read, so scanning a folder costs a small fraction of reading it.
 *
 * \ingroup ChestCTDICOM
 */
std::variant<DICOMSeries, SkippedFile>
ReadDICOMFileHeader(const std::string & path);

} // namespace chestct

#endif
