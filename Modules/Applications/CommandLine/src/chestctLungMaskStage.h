#ifndef chestctLungMaskStage_h
#define chestctLungMaskStage_h

#include "chestctLungSegmentation.h"

#include "itkImage.h"

#include <optional>
#include <string>

namespace chestct
{
/** The two lung-mask methods of 'chestct segment' and 'chestct run'. */
enum class LungMaskMethod
{
  Robust, ///< chestct::SegmentLungs: 3D, right lung 1 and left lung 2
  Seed    ///< the seed tutorial's per-slice k-means recipe: one label, 1
};

/** "robust" or "seed"; anything else throws UsageError. */
LungMaskMethod
LungMaskMethodFromName(const std::string & name);
const char *
LungMaskMethodName(LungMaskMethod method);

/** What one lung mask stage made: the mask on the grid it was computed on, and the CT on that grid. */
struct LungMaskOutcome
{
  using HUImageType = itk::Image<short, 3>;
  using LabelImageType = itk::Image<unsigned char, 3>;
  LungMaskMethod          method{ LungMaskMethod::Robust };
  HUImageType::Pointer    ct;                 ///< the CT the mask was made on (resampled or original)
  LabelImageType::Pointer labels;             ///< 0 outside; robust: 1 right, 2 left; seed: 1
  LungSegmentationReport  report;             ///< robust only
  LungSegmentationSteps   steps;              ///< robust only, when asked for
  double                  seconds{ 0.0 };     ///< the segmentation alone
  double                  rightVolume{ 0.0 }; ///< mL of label 1 (robust: right lung)
  double                  leftVolume{ 0.0 };  ///< mL of label 2 (robust: left lung)
  double                  totalVolume{ 0.0 }; ///< mL of every labelled voxel
};

/** Runs `method` on `ct` (already on the grid wanted), timing it; keeps the robust method's working-grid
 * steps when `keepSteps`, for slice `stepsSlice` of `ct` (negative: the slice with the most lung). The robust
 * method takes `workingGrid` (ShrinkToWorkingGrid of `ct`) when the caller has made it already. */
LungMaskOutcome
ComputeLungMask(LungMaskOutcome::HUImageType * ct, LungMaskMethod method, bool keepSteps, long stepsSlice = -1,
                const LungMaskOutcome::HUImageType * workingGrid = nullptr);

/** The steps figure's default slice (third index): the one whose steps the robust method kept, else the
 * slice with the most lung voxels. */
long
ChooseStepsSlice(const LungMaskOutcome & outcome);

/** Throws chestct::Error naming `path` (the figure) when `slice` is not a slice (third index) of `ct`. */
void
CheckStepsSlice(const itk::ImageBase<3> & ct, long slice, const std::string & path);

/** The seed's six-panel figure for slice `slice` (third index) of the mask's grid, for whichever method ran:
 * seed: original, threshold, after erosion and dilation, colour labels, final mask, mask applied; robust:
 * original, air below the learned threshold, air inside the body without the airways, its 3D components,
 * the lungs (right and left), mask applied. Written as PNG, atomically. The robust method's panels need
 * the steps kept (ComputeLungMask with keepSteps). Throws chestct::Error for a slice outside the volume. */
void
WriteLungMaskStepsFigure(const LungMaskOutcome & outcome, long slice, const std::string & path);

/** The CT with every voxel outside the mask set to `outsideValue`. */
LungMaskOutcome::HUImageType::Pointer
ApplyLungMask(const LungMaskOutcome::HUImageType * ct, const LungMaskOutcome::LabelImageType * labels,
              short outsideValue);

/** The same in place: `ct` becomes the masked CT, so that no second volume of its size is held. */
void
ApplyLungMaskInPlace(LungMaskOutcome::HUImageType * ct, const LungMaskOutcome::LabelImageType * labels,
                     short outsideValue);

/** The mask's JSON sidecar: method, grid, label meanings, volumes per lung and in all (mL), what the method
 * learned and its remarks, the input and ChestCT's version, the seconds the method took and, when given, the
 * peak memory of the process that made the mask (MB). */
std::string
LungMaskSidecar(const LungMaskOutcome & outcome, const std::string & inputPath, const std::string & gridName,
                std::optional<double> peakMemoryMB = std::nullopt);

} // namespace chestct

#endif
