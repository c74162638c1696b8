#ifndef chestctJPEG2000ImageHeader_h
#define chestctJPEG2000ImageHeader_h

#include <cstddef>
#include <cstdint>
#include <string>

namespace chestct
{

/** \brief The image a JPEG 2000 stream declares in its SIZ marker segment,
 * read from the bytes before any decoder sees them. \ingroup ChestCTDICOM */
struct JPEG2000ImageHeader
{
  /** Why the stream's header cannot be read (not a codestream, cut off, inconsistent); empty if it can. */
  std::string   problem;
  std::uint32_t width{ 0 };  ///< Xsiz - XOsiz: the image's columns on the reference grid
  std::uint32_t height{ 0 }; ///< Ysiz - YOsiz
  std::uint16_t components{ 0 };
  /** The first component's sample format and subsampling. */
  unsigned int precision{ 0 }; ///< bits per sample, 1 to 38
  bool         isSigned{ false };
  bool         subsampled{ false }; ///< XRsiz or YRsiz other than 1
};

/** Reads the SIZ marker segment of a JPEG 2000 codestream (ISO/IEC 15444-1
 * A.5.1), bare or inside a JP2 file's contiguous codestream box (I.5.4).
 *
 * Why: GDCM 3.0's JPEG2000Codec sizes its output from the DICOM header
 * (Rows x Columns x BitsAllocated) but fills it with as many samples, of as
 * many bytes, as the codestream declares; a stream that claims more rows, or
 * more bits, than the header writes past the buffer (found by the fuzzer).
 * The reader compares the two before decoding.
 *
 * Internal to the module. \ingroup ChestCTDICOM */
JPEG2000ImageHeader
ReadJPEG2000ImageHeader(const char * bytes, std::size_t length);

} // namespace chestct

#endif
