set(DOCUMENTATION "Conversion of stored CT pixel values to Hounsfield units:
RescaleSlope and RescaleIntercept applied slice by slice, and the padding
outside the scan circle mapped to air.")

itk_module(ChestCTHounsfield
  DEPENDS
    ChestCTCommon
    ITKCommon
  TEST_DEPENDS
    ITKTestKernel
  DESCRIPTION
    "${DOCUMENTATION}"
  )
