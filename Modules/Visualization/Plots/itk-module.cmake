set(DOCUMENTATION "Looking at a CT volume without a display: the Hounsfield-unit
histogram as an SVG plot (tissue bands of the seed's table shaded and named,
padding apart) and CSV, and slice montages as PNG (windowed, radiological
convention, true aspect ratio, labelled tiles, optional mask overlay).")

itk_module(ChestCTPlots
  DEPENDS
    ChestCTCommon
    ITKCommon
    ITKImageFunction
    ITKIOImageBase
  TEST_DEPENDS
    ChestCTPhantom
    ITKIOPNG
    ITKTestKernel
  DESCRIPTION
    "${DOCUMENTATION}"
  )
