set(DOCUMENTATION "A deterministic synthetic thorax phantom (body, fat, muscle,
lungs with vessels, trachea, spine, ribs, table, a circular field of view with
padding outside it, noise) written as a real CT DICOM series through GDCM, with
its ground truth, so that tests can assert exact results.")

itk_module(ChestCTPhantom
  DEPENDS
    ChestCTCommon
    ITKCommon
  PRIVATE_DEPENDS
    ITKGDCM
  TEST_DEPENDS
    ITKTestKernel
  DESCRIPTION
    "${DOCUMENTATION}"
  )
