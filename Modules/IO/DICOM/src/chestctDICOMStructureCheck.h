#ifndef chestctDICOMStructureCheck_h
#define chestctDICOMStructureCheck_h

#include <string>

namespace chestct
{

/** Walks a file's DICOM element structure, pixel data and what follows included, without
 * interpreting any value, and says why the file must be skipped: "not a DICOM
 * file" (no preamble and no data set start), or "damaged DICOM file: ..." when
 * an element or item runs past the end of the file, a length cannot be
 * followed, or nesting is absurd. Returns an empty string for a sound file,
 * and for encodings the walk does not follow (big-endian, deflated), which are
 * left to GDCM.
 *
 * Why: GDCM 3.0, as Debian builds it (with assertions), aborts the whole
 * process on such files (a copy cut off inside its header, say) instead of
 * reporting them. Checked first, they are skipped with a reason instead.
 *
 * Internal to the module. \ingroup ChestCTDICOM */
std::string
CheckDICOMStructure(const std::string & path);

} // namespace chestct

#endif
