#include "chestctDICOMFrameReader.h"
#include "chestctError.h"
#include "chestctDICOMStructureCheck.h"
#include "chestctJPEG2000ImageHeader.h"

#include "gdcmFragment.h"
#include "gdcmJPEG2000Codec.h"
#include "gdcmJPEGCodec.h"
#include "gdcmJPEGLSCodec.h"
#include "gdcmRAWCodec.h"
#include "gdcmRLECodec.h"
#include "gdcmReader.h"
#include "gdcmSequenceOfFragments.h"
#include "gdcmUIDs.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>

namespace chestct
{
namespace
{

template <typename TStored>
void
CopyFrame(const char * source, std::size_t count, unsigned int bitsStored, bool isSigned, std::int32_t * destination)
{
  constexpr unsigned int allocated = sizeof(TStored) * 8;
  const bool             maskHighBits = bitsStored > 0 && bitsStored < allocated;
  const std::uint32_t    mask = maskHighBits ? (std::uint32_t{ 1 } << bitsStored) - 1 : ~std::uint32_t{ 0 };
  const std::uint32_t    signBit = maskHighBits ? std::uint32_t{ 1 } << (bitsStored - 1) : 0;
  for (std::size_t i = 0; i < count; ++i)
  {
    TStored value;
    std::memcpy(&value, source + i * sizeof(TStored), sizeof(TStored));
    if (!maskHighBits)
    {
      destination[i] = static_cast<std::int32_t>(value);
      continue;
    }
    // Keep the BitsStored low bits; for signed data extend their sign bit.
    std::uint32_t bits = static_cast<std::uint32_t>(value) & mask;
    if (isSigned && (bits & signBit))
    {
      bits |= ~mask;
    }
    destination[i] = static_cast<std::int32_t>(bits);
  }
}

/** The Image Pixel module's values that decoding needs, from a header read
 * with the pixel data skipped. Read as checked bytes: gdcm::Attribute asserts
 * on a value of the wrong length. */
struct ImagePixelHeader
{
  unsigned int         samplesPerPixel{ 1 };
  unsigned int         bitsAllocated{ 0 };
  unsigned int         bitsStored{ 0 };
  unsigned int         highBit{ 0 };
  unsigned int         pixelRepresentation{ 0 };
  unsigned int         numberOfFrames{ 1 };
  std::string          photometricInterpretation;
  gdcm::TransferSyntax transferSyntax;
};

ImagePixelHeader
ReadImagePixelHeader(const std::string & file)
{
  gdcm::Reader    header;
  const gdcm::Tag pixelData(0x7fe0, 0x0010);
  header.SetFileName(file.c_str());
  if (!header.ReadUpToTag(pixelData, { pixelData }))
  {
    throw Error(file, "the header cannot be read", "re-export the series");
  }
  const gdcm::DataSet & dataSet = header.GetFile().GetDataSet();
  const auto            bytesOf = [&dataSet](std::uint16_t element) -> const gdcm::ByteValue * {
    const gdcm::Tag tag(0x0028, element);
    return dataSet.FindDataElement(tag) ? dataSet.GetDataElement(tag).GetByteValue() : nullptr;
  };
  const auto unsignedShort = [&bytesOf](std::uint16_t element, unsigned int absent) -> unsigned int {
    const gdcm::ByteValue * value = bytesOf(element);
    if (value == nullptr || value->GetLength() < 2)
    {
      return absent;
    }
    const auto * bytes = reinterpret_cast<const unsigned char *>(value->GetPointer());
    return static_cast<unsigned int>(bytes[0] | (bytes[1] << 8));
  };
  const auto text = [&bytesOf](std::uint16_t element) -> std::string {
    const gdcm::ByteValue * value = bytesOf(element);
    std::string             result = value ? std::string(value->GetPointer(), value->GetLength()) : std::string();
    result.erase(std::remove_if(result.begin(), result.end(), [](char c) { return c == ' ' || c == '\0'; }),
                 result.end());
    return result;
  };

  ImagePixelHeader pixel;
  pixel.samplesPerPixel = unsignedShort(0x0002, 1);
  pixel.bitsAllocated = unsignedShort(0x0100, 0);
  pixel.bitsStored = unsignedShort(0x0101, 0);
  pixel.bitsStored = pixel.bitsStored ? pixel.bitsStored : pixel.bitsAllocated;
  pixel.highBit = unsignedShort(0x0102, pixel.bitsStored ? pixel.bitsStored - 1 : 0);
  pixel.pixelRepresentation = unsignedShort(0x0103, 0);
  pixel.photometricInterpretation = text(0x0004);
  const std::string frames = text(0x0008);
  if (!frames.empty())
  {
    // The scan already refused what is not a positive integer; here only a bound is kept.
    const unsigned long value = std::strtoul(frames.c_str(), nullptr, 10);
    pixel.numberOfFrames = value == 0 || value > 0xffffffffUL ? 1u : static_cast<unsigned int>(value);
  }
  pixel.transferSyntax = header.GetFile().GetHeader().GetDataSetTransferSyntax();
  if (pixel.samplesPerPixel != 1)
  {
    throw Error(file,
                "a colour image (" + std::to_string(pixel.samplesPerPixel) + " samples per pixel)",
                "CT volumes are greyscale; this is a screenshot or secondary capture");
  }
  if (pixel.photometricInterpretation.empty())
  {
    pixel.photometricInterpretation = "MONOCHROME2"; // old files leave it out; greyscale is the only reading
  }
  if (pixel.photometricInterpretation != "MONOCHROME1" && pixel.photometricInterpretation != "MONOCHROME2")
  {
    throw Error(file,
                "PhotometricInterpretation is " + pixel.photometricInterpretation + ", not greyscale",
                "CT volumes are MONOCHROME2 (or MONOCHROME1); this is not a CT image");
  }
  // GDCM asserts on a pixel format that contradicts itself (found by the fuzzer: BitsStored over
  // BitsAllocated), so it is checked here, before any codec sees it.
  const bool knownAllocation =
    pixel.bitsAllocated == 8 || pixel.bitsAllocated == 12 || pixel.bitsAllocated == 16 || pixel.bitsAllocated == 32;
  if (!knownAllocation || pixel.bitsStored == 0 || pixel.bitsStored > pixel.bitsAllocated ||
      pixel.highBit >= pixel.bitsAllocated || pixel.pixelRepresentation > 1)
  {
    throw Error(file,
                "the pixel format contradicts itself or is not one of a CT image (BitsAllocated " +
                  std::to_string(pixel.bitsAllocated) + ", BitsStored " + std::to_string(pixel.bitsStored) +
                  ", HighBit " + std::to_string(pixel.highBit) + ", PixelRepresentation " +
                  std::to_string(pixel.pixelRepresentation) + ")",
                "the header is damaged: export the series again");
  }
  return pixel;
}

/** Reads `length` bytes at `offset` into `bytes` (resized; reused from call to call). */
void
ReadBytes(std::ifstream & stream, const std::string & file, std::uint64_t offset, std::size_t length,
          std::vector<char> & bytes)
{
  bytes.resize(length);
  stream.seekg(static_cast<std::streamoff>(offset));
  if (!stream.read(bytes.data(), static_cast<std::streamsize>(length)))
  {
    throw Error(file, "the pixel data cannot be read", "the file may be truncated or unreadable");
  }
}

/** Uncompressed little-endian pixel data of 8, 16 or 32 bits, read frame by
 * frame straight from where the structure walk found them. */
void
ReadNativeFrames(const std::string & file, const DICOMStructure & structure, const ImagePixelHeader & pixel,
                 std::size_t pixelsPerFrame, const std::vector<unsigned int> & frames, std::int32_t * destination)
{
  const bool        isSigned = pixel.pixelRepresentation == 1;
  const std::size_t bytesPerFrame = pixelsPerFrame * (pixel.bitsAllocated / 8);
  std::ifstream     stream(file, std::ios::binary);
  std::vector<char> buffer;
  for (std::size_t i = 0; i < frames.size(); ++i)
  {
    ReadBytes(stream, file, structure.pixelDataOffset + frames[i] * bytesPerFrame, bytesPerFrame, buffer);
    std::int32_t * target = destination + i * pixelsPerFrame;
    switch (pixel.bitsAllocated)
    {
      case 8:
        isSigned ? CopyFrame<std::int8_t>(buffer.data(), pixelsPerFrame, pixel.bitsStored, true, target)
                 : CopyFrame<std::uint8_t>(buffer.data(), pixelsPerFrame, pixel.bitsStored, false, target);
        break;
      case 16:
        isSigned ? CopyFrame<std::int16_t>(buffer.data(), pixelsPerFrame, pixel.bitsStored, true, target)
                 : CopyFrame<std::uint16_t>(buffer.data(), pixelsPerFrame, pixel.bitsStored, false, target);
        break;
      default:
        CopyFrame<std::int32_t>(buffer.data(), pixelsPerFrame, pixel.bitsStored, true, target);
    }
  }
}

/** The pixel data element as GDCM's reader would have built it, from the bytes
 * the structure walk located: the compressed fragments (the basic offset table
 * is left out, as GDCM reads it apart), or the native value. GDCM's parser
 * never sees the file again, so no length in it is trusted but the walk's. */
gdcm::DataElement
PixelDataElement(const std::string & file, const DICOMStructure & structure)
{
  std::ifstream     stream(file, std::ios::binary);
  std::vector<char> bytes;
  gdcm::DataElement element(gdcm::Tag(0x7fe0, 0x0010));
  element.SetVR(gdcm::VR::OB);
  if (structure.encapsulated)
  {
    gdcm::SmartPointer<gdcm::SequenceOfFragments> fragments = new gdcm::SequenceOfFragments;
    for (std::size_t i = 1; i < structure.fragments.size(); ++i)
    {
      ReadBytes(stream, file, structure.fragments[i].offset, structure.fragments[i].length, bytes);
      gdcm::Fragment fragment;
      fragment.SetByteValue(bytes.data(), static_cast<std::uint32_t>(bytes.size()));
      fragments->AddFragment(fragment);
    }
    element.SetValue(*fragments);
  }
  else
  {
    ReadBytes(stream, file, structure.pixelDataOffset, structure.pixelDataLength, bytes);
    element.SetByteValue(bytes.data(), static_cast<std::uint32_t>(bytes.size()));
  }
  return element;
}

/** "1.2.840.10008.1.2.4.70, JPEG Lossless, Non-Hierarchical, ...": the UID a user can look up, and its name. */
std::string
DescribeTransferSyntax(const gdcm::TransferSyntax & syntax)
{
  const char * uid = gdcm::TransferSyntax::GetTSString(syntax);
  gdcm::UIDs   known;
  if (uid == nullptr)
  {
    return "unknown";
  }
  return known.SetFromUID(uid) && known.GetName() ? std::string(uid) + ", " + known.GetName() : std::string(uid);
}

/** Bytes per sample of a decoded JPEG 2000 component, as GDCM's codec writes them. */
unsigned int
JPEG2000SampleBytes(unsigned int precision)
{
  return precision <= 8 ? 1 : (precision <= 16 ? 2 : (precision <= 32 ? 4 : 8));
}

/** Refuses JPEG 2000 pixel data whose codestreams disagree with the DICOM
 * header in what GDCM's codec takes from the header: it allocates Rows x
 * Columns samples of BitsAllocated for each frame, then writes the width x
 * height samples of the precision the codestream declares, and keeps the
 * precision of one frame for the next. Each frame's codestream must therefore
 * be one full-resolution component of Columns x Rows samples that fit
 * BitsAllocated, and every frame of a multi-frame object must share one
 * precision. For a single frame GDCM joins all fragments into one stream;
 * for several, each fragment is one frame. */
void
CheckJPEG2000Frames(const std::string & file, const gdcm::DataElement & element, const ImagePixelHeader & pixel,
                    unsigned int rows, unsigned int columns, const std::string & named)
{
  const gdcm::SequenceOfFragments * fragments = element.GetSequenceOfFragments();
  if (fragments == nullptr)
  {
    throw Error(file,
                "the JPEG 2000 pixel data are not encapsulated " + named,
                "the file is damaged: copy or export the series again");
  }
  // Each frame's codestream, read where it lies: only a single frame split over several fragments is joined
  // (as GDCM joins it before decoding), since its header may straddle them.
  std::vector<std::string_view> streams;
  std::string                   joined;
  const auto                    fragmentBytes = [&](std::size_t i) {
    const gdcm::ByteValue * value = fragments->GetFragment(i).GetByteValue();
    return value ? std::string_view(value->GetPointer(), value->GetLength()) : std::string_view();
  };
  if (pixel.numberOfFrames == 1 && fragments->GetNumberOfFragments() > 1)
  {
    for (std::size_t i = 0; i < fragments->GetNumberOfFragments(); ++i)
    {
      joined.append(fragmentBytes(i));
    }
    streams.push_back(joined);
  }
  else
  {
    if (fragments->GetNumberOfFragments() != pixel.numberOfFrames)
    {
      throw Error(file,
                  "the JPEG 2000 pixel data hold " + std::to_string(fragments->GetNumberOfFragments()) +
                    " fragments for " + std::to_string(pixel.numberOfFrames) + " frames " + named,
                  "each frame must be one fragment; the file is damaged or written in a way not supported");
    }
    for (std::size_t i = 0; i < fragments->GetNumberOfFragments(); ++i)
    {
      streams.push_back(fragmentBytes(i));
    }
  }
  const std::string damaged = "the file is damaged: copy or export the series again";
  if (pixel.bitsAllocated % 8 != 0)
  {
    // GDCM's codec would size each frame with BitsAllocated / 8 bytes per sample, rounded down.
    throw Error(file,
                "BitsAllocated is " + std::to_string(pixel.bitsAllocated) +
                  ", not a whole number of bytes, which JPEG 2000 pixel data must have " + named,
                damaged);
  }
  const unsigned int allocatedBytes = pixel.bitsAllocated / 8;
  unsigned int       firstPrecision = 0;
  for (std::size_t i = 0; i < streams.size(); ++i)
  {
    const std::string         which = streams.size() > 1 ? " (frame " + std::to_string(i + 1) + ")" : std::string();
    const JPEG2000ImageHeader header = ReadJPEG2000ImageHeader(streams[i].data(), streams[i].size());
    if (!header.problem.empty())
    {
      throw Error(file, header.problem + which + " " + named, damaged);
    }
    if (header.components != 1 || header.subsampled)
    {
      throw Error(file,
                  "the JPEG 2000 stream" + which + " holds " + std::to_string(header.components) +
                    (header.subsampled ? " subsampled" : "") + " component(s), the header one greyscale sample",
                  damaged);
    }
    if (header.width != columns || header.height != rows)
    {
      throw Error(file,
                  "the JPEG 2000 stream" + which + " is " + std::to_string(header.width) + " x " +
                    std::to_string(header.height) + " pixels, the header says " + std::to_string(columns) + " x " +
                    std::to_string(rows),
                  damaged);
    }
    const unsigned int sampleBytes = JPEG2000SampleBytes(header.precision);
    if (sampleBytes > allocatedBytes || (streams.size() > 1 && sampleBytes != allocatedBytes))
    {
      throw Error(file,
                  "the JPEG 2000 stream" + which + " holds samples of " + std::to_string(header.precision) +
                    " bits, which do not fit the header's BitsAllocated of " + std::to_string(pixel.bitsAllocated),
                  damaged);
    }
    if (i > 0 && header.precision != firstPrecision)
    {
      throw Error(file,
                  "the frames of the JPEG 2000 data differ in precision (" + std::to_string(firstPrecision) + " and " +
                    std::to_string(header.precision) + " bits)",
                  damaged);
    }
    firstPrecision = i == 0 ? header.precision : firstPrecision;
  }
}

/** Decodes compressed (or packed) pixel data with the one GDCM codec its
 * transfer syntax names, as gdcm::Bitmap::GetBuffer would, but without trying
 * the others in turn: after a failed JPEG decode GetBuffer runs the external
 * program pvrg-jpeg through the shell on temporary files, which a damaged file
 * must not be able to make a reader do. `format` is updated to what the codec
 * decoded (a JPEG stream's own precision; a JPEG 2000 stream's bits stored).
 * Returns the element holding the decoded values (a byte value), not a copy of them. */
gdcm::DataElement
DecodeWithCodec(const std::string & file, const DICOMStructure & structure, const ImagePixelHeader & pixel,
                gdcm::PixelFormat & format, unsigned int rows, unsigned int columns)
{
  const gdcm::TransferSyntax & syntax = pixel.transferSyntax;
  const std::string            named = "(transfer syntax " + DescribeTransferSyntax(syntax) + ")";
  if (structure.encapsulated && structure.fragments.size() < 2)
  {
    throw Error(file,
                "the compressed pixel data hold no fragment " + named,
                "the file is damaged: copy or export the series again");
  }
  gdcm::JPEGCodec     jpeg;
  gdcm::JPEGLSCodec   jpegLS;
  gdcm::JPEG2000Codec jpeg2000;
  gdcm::RLECodec      rle;
  gdcm::RAWCodec      raw;
  gdcm::ImageCodec *  codec = nullptr;
  for (gdcm::ImageCodec * candidate :
       std::initializer_list<gdcm::ImageCodec *>{ &jpeg, &jpegLS, &jpeg2000, &rle, &raw })
  {
    if (candidate->CanDecode(syntax))
    {
      codec = candidate;
      break;
    }
  }
  if (codec == nullptr)
  {
    throw Error(file,
                "the pixel data are in an encoding GDCM cannot decode " + named,
                "convert the series to an uncompressed transfer syntax (gdcmconv --raw IN OUT)");
  }
  const std::size_t  bytesPerPixel = pixel.bitsAllocated <= 8 ? 1 : (pixel.bitsAllocated <= 16 ? 2 : 4);
  const std::size_t  length = std::size_t{ rows } * columns * pixel.numberOfFrames * bytesPerPixel;
  const unsigned int dimensions[3] = { columns, rows, pixel.numberOfFrames };
  codec->SetNumberOfDimensions(pixel.numberOfFrames > 1 ? 3 : 2);
  codec->SetDimensions(dimensions);
  codec->SetPlanarConfiguration(0); // meaningless for one sample per pixel
  codec->SetPhotometricInterpretation(
    gdcm::PhotometricInterpretation::GetPIType(pixel.photometricInterpretation.c_str()));
  codec->SetPixelFormat(format);
  codec->SetNeedOverlayCleanup(false); // bits above BitsStored are masked off by CopyFrame
  jpegLS.SetBufferLength(length);
  rle.SetBufferLength(length);

  const gdcm::DataElement encoded = PixelDataElement(file, structure);
  if (codec == &jpeg2000)
  {
    CheckJPEG2000Frames(file, encoded, pixel, rows, columns, named);
  }
  gdcm::DataElement decoded;
  if (!codec->Decode(encoded, decoded) || decoded.GetByteValue() == nullptr)
  {
    throw Error(file,
                "the pixel data cannot be decoded " + named,
                "the file may be truncated, or compressed in a way GDCM cannot decode");
  }
  if (codec == &jpeg && jpeg.GetPixelFormat() != format)
  {
    format = jpeg.GetPixelFormat();
  }
  else if (codec == &jpeg2000 && jpeg2000.GetPixelFormat().GetBitsAllocated() != format.GetBitsAllocated())
  {
    // A single frame of 8-bit samples under a 16-bit header: the codec wrote bytes (CheckJPEG2000Frames
    // allows no other mismatch). The header's signedness is kept, as below.
    format.SetBitsAllocated(jpeg2000.GetPixelFormat().GetBitsAllocated());
    format.SetBitsStored(jpeg2000.GetPixelFormat().GetBitsStored());
    format.SetHighBit(jpeg2000.GetPixelFormat().GetHighBit());
  }
  else if (codec == &jpeg2000 && jpeg2000.GetPixelFormat().GetBitsStored() < format.GetBitsStored())
  {
    format.SetBitsStored(jpeg2000.GetPixelFormat().GetBitsStored());
  }
  return decoded;
}
} // namespace

void
ReadDICOMStoredValues(const std::string & file, unsigned int rows, unsigned int columns,
                      const std::vector<unsigned int> & frames, std::int32_t * destination)
{
  const DICOMStructure structure = WalkDICOMStructure(file);
  if (!structure.followed)
  {
    throw Error(file, "the file cannot be opened", "check that it exists and that you may read it");
  }
  for (const std::string & problem : { structure.problem, structure.pixelDataProblem })
  {
    if (!problem.empty())
    {
      throw Error(file, problem, "the file is damaged: copy or export the series again");
    }
  }
  if (!structure.hasPixelData)
  {
    throw Error(file, "the file holds no pixel data", "it is not an image; leave it out of the series");
  }
  const ImagePixelHeader pixel = ReadImagePixelHeader(file);
  const std::size_t      pixelsPerFrame = std::size_t{ rows } * columns;
  for (const unsigned int frame : frames)
  {
    if (frame >= pixel.numberOfFrames)
    {
      throw Error(file,
                  "frame " + std::to_string(frame + 1) + " requested, the object has " +
                    std::to_string(pixel.numberOfFrames));
    }
  }
  const bool isSigned = pixel.pixelRepresentation == 1;
  if (!structure.encapsulated)
  {
    const std::uint64_t needed = std::uint64_t{ pixelsPerFrame } * pixel.numberOfFrames * pixel.bitsAllocated / 8;
    if (structure.pixelDataLength < needed)
    {
      // GDCM would zero-fill what is missing; a volume of made-up zeros is worse than no volume.
      throw Error(file,
                  "the pixel data hold " + std::to_string(structure.pixelDataLength) + " bytes, but the header's " +
                    std::to_string(columns) + " x " + std::to_string(rows) + " x " +
                    std::to_string(pixel.numberOfFrames) + " pixels of " + std::to_string(pixel.bitsAllocated) +
                    " bits need " + std::to_string(needed),
                  "the file is damaged: copy or export the series again");
    }
    if (pixel.bitsAllocated == 8 || pixel.bitsAllocated == 16 || (pixel.bitsAllocated == 32 && isSigned))
    {
      ReadNativeFrames(file, structure, pixel, pixelsPerFrame, frames, destination);
      return;
    }
  }

  gdcm::PixelFormat       format(1,
                           static_cast<unsigned short>(pixel.bitsAllocated),
                           static_cast<unsigned short>(pixel.bitsStored),
                           static_cast<unsigned short>(pixel.highBit),
                           static_cast<unsigned short>(pixel.pixelRepresentation));
  const gdcm::DataElement decodedElement = DecodeWithCodec(file, structure, pixel, format, rows, columns);
  const gdcm::ByteValue & decoded = *decodedElement.GetByteValue();
  // The format the codec reports: a JPEG stream's own precision overrides a 12-bit header.
  const std::size_t bytesPerPixel = format.GetBitsAllocated() <= 8 ? 1 : (format.GetBitsAllocated() <= 16 ? 2 : 4);
  if (decoded.GetLength() < pixelsPerFrame * bytesPerPixel * pixel.numberOfFrames)
  {
    throw Error(file, "the decoded pixel data are shorter than the header says", "re-export the series");
  }
  const unsigned int bitsStored = format.GetBitsStored();
  const bool         decodedSigned = format.GetPixelRepresentation() == 1;
  for (std::size_t i = 0; i < frames.size(); ++i)
  {
    const char *   source = decoded.GetPointer() + frames[i] * pixelsPerFrame * bytesPerPixel;
    std::int32_t * target = destination + i * pixelsPerFrame;
    switch (format.GetScalarType())
    {
      case gdcm::PixelFormat::UINT8:
        CopyFrame<std::uint8_t>(source, pixelsPerFrame, bitsStored, decodedSigned, target);
        break;
      case gdcm::PixelFormat::INT8:
        CopyFrame<std::int8_t>(source, pixelsPerFrame, bitsStored, decodedSigned, target);
        break;
      case gdcm::PixelFormat::UINT12:
      case gdcm::PixelFormat::UINT16:
        CopyFrame<std::uint16_t>(source, pixelsPerFrame, bitsStored, decodedSigned, target);
        break;
      case gdcm::PixelFormat::INT12:
      case gdcm::PixelFormat::INT16:
        CopyFrame<std::int16_t>(source, pixelsPerFrame, bitsStored, decodedSigned, target);
        break;
      case gdcm::PixelFormat::INT32:
        CopyFrame<std::int32_t>(source, pixelsPerFrame, bitsStored, decodedSigned, target);
        break;
      default:
        throw Error(file,
                    std::string("unsupported pixel type ") + format.GetScalarTypeAsString(),
                    "CT pixel data are 8 to 32-bit integers");
    }
  }
}

} // namespace chestct
