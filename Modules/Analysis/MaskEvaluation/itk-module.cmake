set(DOCUMENTATION "Comparing a test mask with a reference mask in physical
space: Dice, Jaccard, Hausdorff, 95th-percentile Hausdorff and average
symmetric surface distance in mm, and volumes in mL, per label and for the
union; the test mask is resampled onto the reference grid by nearest
neighbour when the grids differ.")

itk_module(ChestCTMaskEvaluation
  DEPENDS
    ChestCTCommon
    ITKCommon
  PRIVATE_DEPENDS
    ITKDistanceMap
    ITKImageFunction
    ITKImageGrid
  TEST_DEPENDS
    ITKTestKernel
  DESCRIPTION
    "${DOCUMENTATION}"
  )
