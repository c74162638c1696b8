#ifndef chestctLungSegmentation_h
#define chestctLungSegmentation_h

#include "itkImage.h"

#include <limits>
#include <string>
#include <vector>

namespace chestct
{
/** \brief The settings of SegmentLungs; the defaults suit chest CT of any common sampling.
 *
 * \ingroup ChestCTLungSegmentation
 */
struct LungSegmentationParameters
{
  /** The analysis runs on a grid of about this spacing (mm), made by averaging blocks of whole voxels, and
   * its result is refined back on the input's own grid. 2 mm keeps a 1 mm chest under two seconds while
   * the refinement restores the boundary's full resolution. */
  double workingSpacing = 2.0;
  /** Air-like voxels lie below this value (HU). NaN: learned from the image with Otsu's method between the
   * air-and-lung and the tissue classes, clamped to [-700, -250]. */
  double airThreshold = std::numeric_limits<double>::quiet_NaN();
  /** Radius (mm) of the ball that closes each lung, so that nodules and tumours touching the pleura and
   * the vessels at the lung's edge belong to it. Large enough for a tumour a few centimetres across, small
   * enough not to bridge the hilum. */
  double closingRadius = 8.0;
  /** A lung smaller than this (mL, on the working grid) is not a lung: bowel gas, the oesophagus. */
  double minimumLungVolume = 40.0;
  /** Keep the working-grid images of each step (for the steps figure); costs a few megabytes. */
  bool keepSteps = false;
  /** With keepSteps: the input slice (third index) that the figure will show. Of the CT, the air masks and
   * the components on the working grid, only the slice holding it is kept: whole, those four images would
   * be held through filling, closing and the input-sized output (59 MB for a 1 mm chest). Negative: the
   * working slice with the most lung before filling and closing, and the input slice at its centre. */
  long stepsSlice = -1;
};

/** \brief What SegmentLungs learned and decided, in words and numbers, for the report and the sidecar.
 *
 * \ingroup ChestCTLungSegmentation
 */
struct LungSegmentationReport
{
  double                   airThreshold = 0.0;     ///< HU, learned or given
  bool                     tracheaFound = false;   ///< a trachea was found at the top of the stack
  double                   airwayThreshold = 0.0;  ///< HU, the highest threshold the airway grew with before leaking
  double                   airwayVolume = 0.0;     ///< mL of trachea and bronchi removed from the lungs
  bool                     lungsSeparated = false; ///< the lungs touched and were cut apart by erosion
  double                   separationDepth = 0.0;  ///< mm of erosion needed to part them
  double                   rightLungVolume = 0.0;  ///< mL, label 1
  double                   leftLungVolume = 0.0;   ///< mL, label 2
  std::vector<std::string> notes;                  ///< plain-word remarks: what was unusual and what was done
};

/** \brief The working-grid images of the main steps, kept when LungSegmentationParameters::keepSteps is set.
 *
 * workingImage, airMask, insideAirMask and components hold one slice of the working grid, the one holding
 * `inputSlice`: their buffered region is that slice, their largest possible region the whole working grid,
 * so that indices and physical points are those of the working grid. lungLabels and body are whole.
 *
 * \ingroup ChestCTLungSegmentation
 */
struct LungSegmentationSteps
{
  using MaskImageType = itk::Image<unsigned char, 3>;
  using ComponentImageType = itk::Image<unsigned int, 3>;
  long                          inputSlice{ -1 }; ///< the input slice the kept working slice holds
  itk::Image<short, 3>::Pointer workingImage;     ///< the CT on the working grid (one slice)
  MaskImageType::Pointer        airMask;          ///< below the air threshold (one slice)
  MaskImageType::Pointer        insideAirMask;    ///< air not connected to the outside, airways removed (one slice)
  ComponentImageType::Pointer   components;       ///< its 3D connected components, largest first (one slice)
  MaskImageType::Pointer        lungLabels;       ///< 1 right, 2 left, on the working grid
  MaskImageType::Pointer        body;             ///< the patient's body (largest region of tissue), 1 inside
};

/** The working grid SegmentLungs analyses: `image` averaged in blocks of whole voxels about `workingSpacing`
 * mm on a side (at least one voxel, and at least 8 working voxels along each axis), with
 * itk::BinShrinkImageFilter. A caller that needs the same grid for a step of its own (the run's body mask)
 * makes it once and hands it to SegmentLungs too. \ingroup ChestCTLungSegmentation */
itk::Image<short, 3>::Pointer
ShrinkToWorkingGrid(const itk::Image<short, 3> * image, double workingSpacing);

/** \brief Segments the right and left lungs of a chest CT in Hounsfield units.
 *
 * Returns a label image on the input's grid: 0 background, 1 right lung, 2 left lung (the lungmask
 * convention; right and left are the patient's, found from the image's direction in LPS space). The lung
 * includes its vessels and the nodules or tumours touching its pleura; it excludes the trachea and main
 * bronchi, the body wall, the table and the air outside the body. Documentation/Segmentation.md describes
 * each step and why. When no lung is found the image is all 0 and `report->notes` says so.
 * `workingImage`, when given, is ShrinkToWorkingGrid(image, parameters.workingSpacing), made by the caller
 * already: the pass over the input is then not made twice.
 *
 * \ingroup ChestCTLungSegmentation
 */
itk::Image<unsigned char, 3>::Pointer
SegmentLungs(const itk::Image<short, 3> * image, const LungSegmentationParameters & parameters = {},
             LungSegmentationReport * report = nullptr, LungSegmentationSteps * steps = nullptr,
             const itk::Image<short, 3> * workingImage = nullptr);

} // namespace chestct

#endif
