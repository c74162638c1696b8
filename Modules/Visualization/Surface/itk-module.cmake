set(DOCUMENTATION "Iso-surfaces of CT volumes and label images with VTK: ITK images
bridged to VTK without ITKVtkGlue (itk::VTKImageExport and vtkImageImport, the
direction wired), flying edges, marching cubes and discrete flying edges,
meshes in patient coordinates (LPS mm), the largest connected pieces,
windowed-sinc smoothing, quadric decimation, normals; STL, PLY, OBJ and VTP
files, still pictures through VTK's offscreen rendering and self-contained
interactive HTML pages (three.js, bundled at build time).")

# VTK is not an ITK module: the module's CMakeLists.txt finds and links it.
itk_module(ChestCTSurface
  DEPENDS
    ChestCTCommon
    ITKCommon
    ITKVTK
  TEST_DEPENDS
    ITKTestKernel
  DESCRIPTION
    "${DOCUMENTATION}"
  )
