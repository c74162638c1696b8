set(DOCUMENTATION "Resampling a CT volume onto a new regular grid in patient space
(isotropic 1 mm by default) with ITK's stock ResampleImageFilter: the seed's
output-size rule, the grid's placement stated exactly, linear, cubic B-spline
and nearest-neighbour interpolation, integer outputs rounded, labels nearest.")

itk_module(ChestCTResample
  DEPENDS
    ChestCTCommon
    ITKCommon
    ITKImageFunction
    ITKImageGrid
  TEST_DEPENDS
    ChestCTPhantom
    ITKTestKernel
  DESCRIPTION
    "${DOCUMENTATION}"
  )
