set(DOCUMENTATION "The chestct command-line tool: git-style subcommands over
the ChestCT modules (series, convert, phantom, resample,
histogram, montage, surface, segment, run, evaluate), as a library that the tests
drive in-process and a thin executable.")

itk_module(ChestCTCommandLine
  DEPENDS
    ChestCTCommon
    ChestCTDICOM
    ChestCTPhantom
    ChestCTResample
    ChestCTPlots
    ChestCTSurface
    ChestCTLungSegmentation
    ChestCTMaskEvaluation
    ChestCTSeedLungMask
  TEST_DEPENDS
    ITKIOPNG
    ITKTestKernel
  DESCRIPTION
    "${DOCUMENTATION}"
  EXCLUDE_FROM_DEFAULT
  )
