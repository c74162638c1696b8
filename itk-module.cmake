# The umbrella module: depending on ChestCT brings in every ChestCT module.
set(DOCUMENTATION "ChestCT takes a raw chest CT from DICOM to analysis-ready data:
series discovery and geometry checks, Hounsfield-unit conversion, a synthetic
thorax phantom written as DICOM, and the chestct command-line tool.")

itk_module(ChestCT
  DEPENDS
    ChestCTCommon
    ChestCTHounsfield
    ChestCTDICOM
    ChestCTPhantom
    ChestCTResample
    ChestCTPlots
    ChestCTSurface
  TEST_DEPENDS
    ITKTestKernel
  DESCRIPTION
    "${DOCUMENTATION}"
  EXCLUDE_FROM_DEFAULT
  )
