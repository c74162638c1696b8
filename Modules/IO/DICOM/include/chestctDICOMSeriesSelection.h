#ifndef chestctDICOMSeriesSelection_h
#define chestctDICOMSeriesSelection_h

#include "chestctDICOMSeries.h"

#include <string>
#include <vector>

namespace chestct
{

/** Series indices, best suited to a chest CT volume first.
 *
 * Compared criterion by criterion, the first difference deciding:
 *  1. modality CT;
 *  2. not a localizer (ImageType LOCALIZER: scouts and topograms);
 *  3. ImageType ORIGINAL\\PRIMARY before derived or secondary images;
 *  4. axial: ImageType AXIAL, or slices within 37 degrees of axial;
 *  5. more slices (frames);
 * then, deterministically, the lower SeriesNumber and the smaller series key.
 *
 * \ingroup ChestCTDICOM */
std::vector<std::size_t>
RankSeries(const std::vector<DICOMSeries> & series);

/** The series to convert: the one whose key or SeriesInstanceUID is `requested`,
 * or, when `requested` is empty, the best-ranked CT series.
 *
 * Throws chestct::Error naming `root` when nothing fits: no series at all (with
 * the reasons files were skipped), no CT series (with the modalities found),
 * an unknown UID, or a UID that names several parts of a split series. */
const DICOMSeries &
ChooseSeries(const std::vector<DICOMSeries> & series, const std::string & requested, const std::string & root);

/** Whether slices of this orientation are axial (normal within 37 degrees of the patient's z axis). */
bool
IsAxial(const DICOMSeries & series);

} // namespace chestct

#endif
