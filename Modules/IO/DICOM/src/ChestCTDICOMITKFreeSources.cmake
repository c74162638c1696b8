# The sources of DICOM reading that use no ITK header: header parsing,
# grouping, choice, geometry checks and pixel decoding through GDCM, with the
# Common sources they call. One list for two builds: the ChestCTDICOM library
# (src/CMakeLists.txt) and the clang/libFuzzer target (Testing/Fuzzing), which
# cannot take ITK's headers (Debian's ITK 5.2 accepts GCC only) and so links
# these files directly. A file added to the reading path is added here, once.
set(_dicom_src ${CMAKE_CURRENT_LIST_DIR})
set(_common_src ${CMAKE_CURRENT_LIST_DIR}/../../../Core/Common/src)
set(ChestCTDICOM_ITK_FREE_SRCS
  ${_dicom_src}/chestctDICOMDataSetReader.cxx
  ${_dicom_src}/chestctDICOMStructureCheck.cxx
  ${_dicom_src}/chestctDICOMFolderScanner.cxx
  ${_dicom_src}/chestctDICOMSeriesSelection.cxx
  ${_dicom_src}/chestctSliceStackGeometry.cxx
  ${_dicom_src}/chestctDICOMFrameReader.cxx
  ${_dicom_src}/chestctJPEG2000ImageHeader.cxx
  )
# Compiled into the ChestCTCommon library in the main build.
set(ChestCTDICOM_ITK_FREE_COMMON_SRCS
  ${_common_src}/chestctError.cxx
  ${_common_src}/chestctNumberText.cxx
  )
unset(_dicom_src)
unset(_common_src)
