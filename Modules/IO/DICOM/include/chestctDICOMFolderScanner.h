#ifndef chestctDICOMFolderScanner_h
#define chestctDICOMFolderScanner_h

#include "chestctDICOMSeries.h"

#include <string>

namespace chestct
{

/** Finds every image series under `path` (a folder, searched recursively, or
 * a single file). Files may have any name; only headers are read.
 *
 * What is not an image series is passed over and listed in `skipped` with the
 * reason: files that are not DICOM, empty or unreadable files, DICOMDIR, SR,
 * SEG, RTSTRUCT and other non-image objects, hidden files.
 *
 * Files are grouped by SeriesInstanceUID and, within a series, by modality,
 * rows x columns and orientation, so that a mixed series never becomes one
 * broken volume (each part gets key "UID#1", "UID#2", ... and a note). A file
 * without a SeriesInstanceUID is grouped with the files of the same folder
 * that agree on StudyInstanceUID, SeriesNumber, SeriesDescription, modality
 * and FrameOfReferenceUID: empty UIDs never merge files from different
 * folders or different acquisitions. Each multi-frame object is a series of
 * its own.
 *
 * The series come out sorted by study, series number and UID, so that the
 * result does not depend on file names or the order the file system lists them.
 *
 * Throws chestct::Error when `path` does not exist or cannot be listed.
 *
 * \ingroup ChestCTDICOM
 */
DICOMScanResult
ScanDICOMFolder(const std::string & path);

/** Turns GDCM's own warnings on stderr on or off (a global GDCM setting).
 * ChestCT reports the same problems (an incomplete pixel data element, say)
 * in its own words, naming the file; the chestct tool turns GDCM's off. */
void
SetGDCMWarningsEnabled(bool enabled);

/** The version of the GDCM library that reads the files, for reports. */
std::string
GDCMVersion();

} // namespace chestct

#endif
