set(DOCUMENTATION "What every ChestCT module shares: the error type that names
the file, the problem and the remedy; a small JSON writer for sidecars and
reports; outputs that appear atomically; image writing chosen by file extension; a NRRD
writer that takes a volume slab by slab; the PNG writer of every picture; inline
rounding for loops over pixels.")

itk_module(ChestCTCommon
  DEPENDS
    ITKCommon
    ITKIOImageBase
    ITKIOMeta
    ITKIONIFTI
    ITKIONRRD
    ITKZLIB
  PRIVATE_DEPENDS
    ITKPNG
  TEST_DEPENDS
    ITKIOPNG
    ITKTestKernel
  DESCRIPTION
    "${DOCUMENTATION}"
  )
