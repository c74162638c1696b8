#ifndef chestctLungSegmentationAirway_h
#define chestctLungSegmentationAirway_h

// Internal to ChestCTLungSegmentation: finding the trachea and growing the airway tree from it.

#include "chestctVolumeMask.h"

namespace chestct
{
namespace lung
{
struct AirwayResult
{
  MaskImage::Pointer airway; ///< trachea and bronchi, empty (all 0) when no trachea was found
  bool               tracheaFound = false;
  double             threshold = 0.0; ///< HU the airway grew with
  double             volume = 0.0;    ///< mL
};

/** Finds the trachea among the air regions inside the body (`insideAir`) near the top of the stack: the most
 * superior round region of tracheal size near the body's midline; then grows it through `insideAir` voxels
 * below a threshold that starts at -990 HU and rises in steps while the airway grows like a tree, stopping
 * before the step at which it leaks into the lungs (its volume jumps). `body` gives the midline. */
AirwayResult
SegmentAirway(const HUImage * image, const MaskImage * insideAir, const MaskImage * body, double airThreshold);

} // namespace lung
} // namespace chestct

#endif
