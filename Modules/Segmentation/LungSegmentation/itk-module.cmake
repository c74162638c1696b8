set(DOCUMENTATION "Lung segmentation in 3D that an expert would sign: the lung
parenchyma with its vessels and pleural nodules, without the airways, the body
wall, the table or the air outside the body, the right and left lungs labelled
1 and 2 (the lungmask convention). Classic image analysis, no trained model:
thresholds learned from the image, 3D connected components, airway region
growing from the trachea, hole filling and a ball closing.")

itk_module(ChestCTLungSegmentation
  DEPENDS
    ChestCTCommon
    ITKCommon
    ITKImageGrid
    ITKConnectedComponents
    ITKDistanceMap
  TEST_DEPENDS
    ChestCTDICOM
    ChestCTMaskEvaluation
    ChestCTPhantom
    ITKTestKernel
  DESCRIPTION
    "${DOCUMENTATION}"
  )
