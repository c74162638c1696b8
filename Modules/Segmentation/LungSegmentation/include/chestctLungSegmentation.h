#ifndef chestctLungSegmentation_h
#define chestctLungSegmentation_h

#include "itkImage.h"

#include <array>
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
  /** Radius (mm) of the ball that closes each lung, so that the vessels at the lung's edge and small nodules
   * touching the pleura belong to it; small enough not to bridge the hilum. A ball takes in little of a bay
   * as wide as itself: the mouth of the bay is where it dips in. */
  double closingRadius = 8.0;
  /** Tissue in the outer part of the chest that a lung encloses within this distance (mm) both ways along two
   * of five axes (x, y, the slice's diagonals, z) joins it: the rest of a nodule against the pleura, up to
   * about this diameter, which the closing's ball leaves at the bay's mouth. The outer part is the outer fifth
   * of the way from the centre of the lungs' joint convex hull in the slice to its outline, so that the
   * hilum, which the lung encloses too, stays out. 0 turns this off. */
  double pleuralBayReach = 12.0;
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
  ComponentImageType::Pointer   components;       ///< its 3D regions, largest first, 255 past the 254th (one slice)
  MaskImageType::Pointer        lungLabels;       ///< 1 right, 2 left, on the working grid
  MaskImageType::Pointer        body;             ///< the patient's body (largest region of tissue), 1 inside
};

/** The working grid SegmentLungs analyses: `image` averaged in blocks of whole voxels about `workingSpacing`
 * mm on a side (at least one voxel, and at least 8 working voxels along each axis), with
 * itk::BinShrinkImageFilter. A caller that needs the same grid for a step of its own (the run's body mask)
 * makes it once and hands it to SegmentLungs too. \ingroup ChestCTLungSegmentation */
itk::Image<short, 3>::Pointer
ShrinkToWorkingGrid(const itk::Image<short, 3> * image, double workingSpacing);

/** An empty image on the working grid ShrinkToWorkingGrid makes of an input on `inputGrid`, for
 * ShrinkSlabIntoWorkingGrid to fill. \ingroup ChestCTLungSegmentation */
itk::Image<short, 3>::Pointer
NewWorkingGrid(const itk::ImageBase<3> & inputGrid, double workingSpacing);

/** Fills the working slices whose blocks `slab` holds (whole slices of the input, from a slice that is a
 * multiple of the working grid's slice factor) with ShrinkToWorkingGrid's values: slab by slab, the input
 * need never be held whole. \ingroup ChestCTLungSegmentation */
void
ShrinkSlabIntoWorkingGrid(const itk::Image<short, 3> * slab, itk::Image<short, 3> * working, double workingSpacing);

/** The slice factor of the working grid: a streamed input's slabs start at multiples of it.
 * \ingroup ChestCTLungSegmentation */
unsigned int
WorkingGridSliceFactor(const itk::ImageBase<3> & inputGrid, double workingSpacing);

/** \class OutsideColumnsFinder
 * \brief The columns of an input (pixels of its slices) that lie outside the scanner's field of view, found
 * slab by slab: those whose every voxel holds one value of -1000 HU or below, the padding the reader turned
 * into air. A stack of one slice has none. \ingroup ChestCTLungSegmentation */
class OutsideColumnsFinder
{
public:
  /** The next slab: whole slices of the input, in order. */
  void
  Add(const itk::Image<short, 3> * slab);
  /** One byte per pixel of a slice, 1 outside. */
  std::vector<unsigned char>
  Columns() const;

private:
  std::vector<short>         m_First;
  std::vector<unsigned char> m_Outside;
  long                       m_Slices{ 0 };
};

/** \class LungSlabLabeller
 * \brief The lung method in two parts, for an input that is streamed and never held whole.
 *
 * The constructor analyses the working grid (steps 1 to 7 of SegmentLungs: air threshold, body, air
 * inside it, airway, the two lungs, filling and closing); LabelSlab() then labels any slab of the input's
 * own grid from it (step 8), reading only that slab's voxels. SegmentLungs is the two for a volume held
 * whole, and gives the same labels.
 *
 * \ingroup ChestCTLungSegmentation
 */
class LungSlabLabeller
{
public:
  using MaskImageType = itk::Image<unsigned char, 3>;

  /** `working` is ShrinkToWorkingGrid's of the input (whose geometry `inputGrid` gives), `inputOutside`
   * the input's OutsideColumnsFinder columns. The labeller lets go of `working` once it has analysed it,
   * before filling and closing allocate: a caller that hands it over (std::move) frees it there. */
  LungSlabLabeller(const itk::ImageBase<3> & inputGrid, itk::Image<short, 3>::ConstPointer working,
                   std::vector<unsigned char> inputOutside, const LungSegmentationParameters & parameters = {},
                   LungSegmentationSteps * steps = nullptr);

  /** Labels `slab` (whole slices of the input, in HU) into `labels`, an image of the slab's region; adds
   * its lung voxels to the report's volumes. Slabs may come in any order, each once. */
  void
  LabelSlab(const itk::Image<short, 3> * slab, MaskImageType * labels);

  /** What the method found; the lung volumes count the slabs labelled so far. */
  const LungSegmentationReport &
  Report() const
  {
    return m_Report;
  }

private:
  itk::ImageBase<3>::ConstPointer m_InputGrid;
  std::vector<unsigned char>      m_InputOutside;
  std::array<unsigned int, 3>     m_Factors{ { 1, 1, 1 } };
  short                           m_Threshold{ 0 };
  MaskImageType::Pointer          m_Labels;      ///< the lungs on the working grid, filled and closed
  MaskImageType::Pointer          m_Core;        ///< their voxels one working voxel from any boundary
  MaskImageType::Pointer          m_Near;        ///< the lung a voxel within one working voxel of one can join
  MaskImageType::Pointer          m_Gained;      ///< what filling and closing added
  std::vector<char>               m_RowsToLabel; ///< by working-grid row (y, then z): whether step 8 can label in it
  LungSegmentationReport          m_Report;
  std::size_t                     m_Voxels[2]{ 0, 0 };
};

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
