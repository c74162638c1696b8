set(DOCUMENTATION "DICOM CT series to a Hounsfield-unit volume in patient space:
recursive discovery and grouping of series, choice of the series best suited,
slice order and spacing from geometry, checks (duplicates, gaps, non-uniform
spacing, gantry tilt), resampling of irregular stacks onto a regular grid, and
pixel data through GDCM for every transfer syntax it decodes.")

itk_module(ChestCTDICOM
  DEPENDS
    ChestCTCommon
    ChestCTHounsfield
    ITKCommon
    ITKIOImageBase
  PRIVATE_DEPENDS
    ITKGDCM
  TEST_DEPENDS
    ChestCTPhantom
    ITKTestKernel
  DESCRIPTION
    "${DOCUMENTATION}"
  )
