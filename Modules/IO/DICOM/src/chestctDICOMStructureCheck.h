#ifndef chestctDICOMStructureCheck_h
#define chestctDICOMStructureCheck_h

#include <cstdint>
#include <string>
#include <vector>

namespace chestct
{

/** \brief Where one item of encapsulated pixel data lies in its file. \ingroup ChestCTDICOM */
struct DICOMFragment
{
  std::uint64_t offset{ 0 }; ///< where the item's value starts
  std::uint32_t length{ 0 };
};

/** \brief What the structure walk found in one file. \ingroup ChestCTDICOM */
struct DICOMStructure
{
  /** Why the file must be skipped ("not a DICOM file", "damaged DICOM file: ..."); empty if it need not. */
  std::string problem;
  /** Why its pixel data cannot be used (cut off, a fragment past the end); the file is listed, and
   * converting it fails naming the file. Empty when the pixel data are whole. */
  std::string   pixelDataProblem;
  bool          followed{ true };      ///< false when the file could not be opened for the walk
  bool          hasPixelData{ false }; ///< a top-level (7fe0,0010) was found
  bool          encapsulated{ false }; ///< compressed: fragments of undefined total length
  std::uint64_t pixelDataLength{ 0 };  ///< declared, for native (uncompressed) pixel data
  std::uint64_t pixelDataOffset{ 0 };  ///< where their value starts in the file
  /** Compressed pixel data's items in file order, the basic offset table first;
   * each lies whole inside the file. Empty for native pixel data. */
  std::vector<DICOMFragment> fragments;
};

/** Walks a file's DICOM element structure, pixel data and what follows
 * included, without interpreting any value: every element, item and fragment
 * must fit in the file, lengths must be followable, nesting bounded.
 *
 * Why: GDCM 3.0, as Debian builds it (with assertions), aborts the whole
 * process on files cut off inside their header, and allocates whatever length
 * a damaged element claims (gigabytes, from a file of kilobytes). Walked
 * first, such files are skipped with a reason, and GDCM reads headers with the
 * pixel data skipped.
 *
 * Internal to the module. \ingroup ChestCTDICOM */
DICOMStructure
WalkDICOMStructure(const std::string & path);

} // namespace chestct

#endif
