set(DOCUMENTATION "The seed tutorial's per-slice lung mask, faithfully, as
reusable ITK filters: a k-means threshold (exact 1-D 2-means on the central
region), a label bounding-box selection, and the composite per-slice filter
(threshold, erosion, even-sized dilation, connected components, selection,
dilation) streaming along the slice axis and threaded across slices.")

itk_module(ChestCTSeedLungMask
  DEPENDS
    ITKCommon
    ITKImageFilterBase
    ITKMathematicalMorphology
    ITKConnectedComponents
    ITKThresholding
  TEST_DEPENDS
    ChestCTCommon
    ChestCTPhantom
    ChestCTMaskEvaluation
    ITKTestKernel
  DESCRIPTION
    "${DOCUMENTATION}"
  )
