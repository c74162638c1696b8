#ifndef chestctMaskEvaluation_h
#define chestctMaskEvaluation_h

#include "itkImage.h"

#include <optional>
#include <string>
#include <vector>

namespace chestct
{

/** Masks and label volumes compared by EvaluateMasks: 0 background, any other value a label
 * (1 right lung, 2 left lung by ChestCT's convention). \ingroup ChestCTMaskEvaluation */
using EvaluationLabelImageType = itk::Image<unsigned short, 3>;

/** \brief The agreement of a test mask with a reference mask, for one label or the union.
 *
 * Definitions (Documentation/Evaluation.md):
 *  - Dice = 2 |R n T| / (|R| + |T|), Jaccard = |R n T| / |R u T|, voxel counts; both 1 when R and T
 *    are empty;
 *  - surface voxels: foreground voxels with at least one of their 6 face neighbours background or
 *    outside the image;
 *  - directed distances: from each surface voxel centre of one mask to the nearest surface voxel centre
 *    of the other, Euclidean in mm (exact, itk::SignedMaurerDistanceMapImageFilter with image spacing);
 *  - Hausdorff: the largest directed distance either way; HD95: the 95th percentile (linear
 *    interpolation between order statistics, as numpy's default) of both directed sets pooled; ASSD:
 *    the mean of both directed sets pooled;
 *  - the distances are absent (null in JSON, n/a in text) when either mask is empty;
 *  - volumes: voxel count x voxel volume, in mL.
 * \ingroup ChestCTMaskEvaluation */
struct MaskAgreement
{
  std::string           name;       ///< the label value in decimal, or "union"
  unsigned int          label{ 0 }; ///< 0 for the union (every non-zero voxel)
  std::size_t           referenceVoxels{ 0 };
  std::size_t           testVoxels{ 0 };
  std::size_t           intersectionVoxels{ 0 };
  double                referenceVolumeML{ 0 };
  double                testVolumeML{ 0 };
  double                dice{ 1 };
  double                jaccard{ 1 };
  std::optional<double> hausdorff;              ///< mm
  std::optional<double> hausdorff95;            ///< mm
  std::optional<double> averageSurfaceDistance; ///< mm, symmetric
};

/** \brief Every label present in either mask, in increasing order, then the union. \ingroup ChestCTMaskEvaluation */
struct MaskEvaluation
{
  std::vector<MaskAgreement> labels;
  MaskAgreement              all;                ///< the union: label > 0 in each mask
  bool                       resampled{ false }; ///< the test mask was resampled onto the reference grid
};

/** Compares `test` with `reference` in physical space. When their grids (size, origin, spacing,
 * direction) differ, `test` is first resampled onto the reference grid by nearest neighbour (0 outside
 * it). */
MaskEvaluation
EvaluateMasks(const EvaluationLabelImageType * reference, const EvaluationLabelImageType * test);

/** The agreement of the voxels equal to `label` (or, for label 0, of every non-zero voxel) in two masks
 * on the same grid. */
MaskAgreement
CompareLabel(const EvaluationLabelImageType * reference, const EvaluationLabelImageType * test, unsigned int label);

/** `image` resampled onto `grid`'s grid by nearest neighbour, 0 outside it; `image` itself when the
 * grids are the same. */
EvaluationLabelImageType::Pointer
ResampleLabelsOnto(const EvaluationLabelImageType * image, const itk::ImageBase<3> * grid);

/** The p-th percentile (0..100) of `values` by linear interpolation between order statistics (numpy's
 * default); `values` is reordered. Empty input: 0. */
double
Percentile(std::vector<double> & values, double p);

} // namespace chestct

#endif
