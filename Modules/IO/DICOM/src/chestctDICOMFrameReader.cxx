#include "chestctDICOMFrameReader.h"
#include "chestctError.h"
#include "chestctDICOMStructureCheck.h"

#include "gdcmImageReader.h"
#include "gdcmReader.h"

#include <algorithm>
#include <cstring>
#include <fstream>

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

} // namespace

namespace
{
/** Uncompressed little-endian pixel data, read straight from where the structure
 * walk found them: GDCM's full parse of a damaged file can allocate whatever a
 * damaged length claims, and a header read with the pixel data skipped is all
 * that is needed here. Returns false when the file is not of that kind. */
bool
ReadNativeStoredValues(const std::string & file, unsigned int rows, unsigned int columns,
                       const std::vector<unsigned int> & frames, std::int32_t * destination)
{
  const DICOMStructure structure = WalkDICOMStructure(file);
  for (const std::string & problem : { structure.problem, structure.pixelDataProblem })
  {
    if (!problem.empty())
    {
      throw Error(file, problem, "the file is damaged: copy or export the series again");
    }
  }
  if (!structure.followed || !structure.hasPixelData || structure.encapsulated)
  {
    return false;
  }
  gdcm::Reader header;
  header.SetFileName(file.c_str());
  const gdcm::Tag pixelData(0x7fe0, 0x0010);
  if (!header.ReadUpToTag(pixelData, { pixelData }))
  {
    throw Error(file, "the header cannot be read", "re-export the series");
  }
  const gdcm::DataSet & dataSet = header.GetFile().GetDataSet();
  // Read as bytes, checked: gdcm::Attribute asserts on a value of the wrong length.
  const auto unsignedShort = [&dataSet](std::uint16_t element, unsigned int absent) -> unsigned int {
    const gdcm::Tag tag(0x0028, element);
    if (!dataSet.FindDataElement(tag))
    {
      return absent;
    }
    const gdcm::ByteValue * value = dataSet.GetDataElement(tag).GetByteValue();
    if (value == nullptr || value->GetLength() < 2)
    {
      return absent;
    }
    const auto * bytes = reinterpret_cast<const unsigned char *>(value->GetPointer());
    return static_cast<unsigned int>(bytes[0] | (bytes[1] << 8));
  };
  const unsigned int samples = unsignedShort(0x0002, 1);
  const unsigned int allocated = unsignedShort(0x0100, 0);
  const unsigned int stored = unsignedShort(0x0101, 0);
  const unsigned int representation = unsignedShort(0x0103, 0);
  const unsigned int bitsAllocated = allocated;
  const bool         isSigned = representation == 1;
  if (samples != 1)
  {
    throw Error(file,
                "a colour image (" + std::to_string(samples) + " samples per pixel)",
                "CT volumes are greyscale; this is a screenshot or secondary capture");
  }
  if (bitsAllocated != 8 && bitsAllocated != 16 && !(bitsAllocated == 32 && isSigned))
  {
    return false; // packed or unusual layouts: GDCM decodes them, or refuses them, below
  }
  const unsigned int bitsStored = stored ? stored : bitsAllocated;
  const std::size_t  pixelsPerFrame = std::size_t{ rows } * columns;
  const std::size_t  bytesPerFrame = pixelsPerFrame * (bitsAllocated / 8);
  const unsigned int lastFrame = frames.empty() ? 0 : *std::max_element(frames.begin(), frames.end());
  if ((std::uint64_t{ lastFrame } + 1) * bytesPerFrame > structure.pixelDataLength)
  {
    throw Error(file,
                "the pixel data hold " + std::to_string(structure.pixelDataLength) + " bytes, too few for frame " +
                  std::to_string(lastFrame + 1) + " of " + std::to_string(columns) + " x " + std::to_string(rows) +
                  " pixels",
                "the file is damaged: copy or export the series again");
  }
  std::ifstream     stream(file, std::ios::binary);
  std::vector<char> buffer(bytesPerFrame);
  for (std::size_t i = 0; i < frames.size(); ++i)
  {
    stream.seekg(static_cast<std::streamoff>(structure.pixelDataOffset + frames[i] * bytesPerFrame));
    if (!stream.read(buffer.data(), static_cast<std::streamsize>(bytesPerFrame)))
    {
      throw Error(file, "the pixel data cannot be read", "the file may be truncated or unreadable");
    }
    std::int32_t * target = destination + i * pixelsPerFrame;
    switch (bitsAllocated)
    {
      case 8:
        isSigned ? CopyFrame<std::int8_t>(buffer.data(), pixelsPerFrame, bitsStored, true, target)
                 : CopyFrame<std::uint8_t>(buffer.data(), pixelsPerFrame, bitsStored, false, target);
        break;
      case 16:
        isSigned ? CopyFrame<std::int16_t>(buffer.data(), pixelsPerFrame, bitsStored, true, target)
                 : CopyFrame<std::uint16_t>(buffer.data(), pixelsPerFrame, bitsStored, false, target);
        break;
      default:
        CopyFrame<std::int32_t>(buffer.data(), pixelsPerFrame, bitsStored, true, target);
    }
  }
  return true;
}
} // namespace

void
ReadDICOMStoredValues(const std::string & file, unsigned int rows, unsigned int columns,
                      const std::vector<unsigned int> & frames, std::int32_t * destination)
{
  if (ReadNativeStoredValues(file, rows, columns, frames, destination))
  {
    return;
  }
  gdcm::ImageReader reader;
  reader.SetFileName(file.c_str());
  if (!reader.Read())
  {
    throw Error(file, "the image cannot be read (damaged or truncated file?)", "re-export the series");
  }
  const gdcm::Image &       image = reader.GetImage();
  const gdcm::PixelFormat & format = image.GetPixelFormat();
  if (format.GetSamplesPerPixel() != 1)
  {
    throw Error(file,
                "a colour image (" + std::to_string(format.GetSamplesPerPixel()) + " samples per pixel)",
                "CT volumes are greyscale; this is a screenshot or secondary capture");
  }
  if (image.GetColumns() != columns || image.GetRows() != rows)
  {
    throw Error(file,
                "pixel data are " + std::to_string(image.GetColumns()) + "x" + std::to_string(image.GetRows()) +
                  " but the header says " + std::to_string(columns) + "x" + std::to_string(rows));
  }
  const unsigned int numberOfFrames = image.GetNumberOfDimensions() > 2 ? image.GetDimension(2) : 1;
  const std::size_t  pixelsPerFrame = std::size_t{ rows } * columns;
  const std::size_t  bytesPerPixel = format.GetBitsAllocated() <= 8 ? 1 : (format.GetBitsAllocated() <= 16 ? 2 : 4);
  const std::size_t  needed = pixelsPerFrame * bytesPerPixel * numberOfFrames;

  // Uncompressed little-endian data are read where GDCM holds them; anything
  // else (compressed, big endian, 12-bit packed) is decoded by GDCM into a copy.
  const gdcm::TransferSyntax & syntax = image.GetTransferSyntax();
  const gdcm::ByteValue *      stored = image.GetDataElement().GetByteValue();
  std::vector<char>            decoded;
  const char *                 pixels = nullptr;
  if (!syntax.IsEncapsulated() && (!stored || stored->GetLength() < needed))
  {
    // GDCM would zero-fill what is missing; a volume of made-up zeros is worse than no volume.
    throw Error(file,
                "the pixel data hold " + std::to_string(stored ? static_cast<std::uint32_t>(stored->GetLength()) : 0u) +
                  " bytes, but the header's " + std::to_string(columns) + " x " + std::to_string(rows) + " x " +
                  std::to_string(numberOfFrames) + " pixels need " + std::to_string(needed),
                "the file is damaged: copy or export the series again");
  }
  if (!syntax.IsEncapsulated() && syntax.GetSwapCode() == gdcm::SwapCode::LittleEndian &&
      format.GetBitsAllocated() % 8 == 0)
  {
    pixels = stored->GetPointer();
  }
  else
  {
    decoded.resize(image.GetBufferLength());
    if (decoded.empty() || !image.GetBuffer(decoded.data()))
    {
      const char * name = gdcm::TransferSyntax::GetTSString(syntax);
      throw Error(file,
                  std::string("the pixel data cannot be decoded (transfer syntax ") + (name ? name : "unknown") + ")",
                  "the file may be truncated, or compressed in a way GDCM cannot decode");
    }
    if (decoded.size() < needed)
    {
      throw Error(file, "the pixel data are shorter than the header says (truncated file?)", "re-export the series");
    }
    pixels = decoded.data();
  }
  const bool         isSigned = format.GetPixelRepresentation() == 1;
  const unsigned int bitsStored = format.GetBitsStored();
  for (std::size_t i = 0; i < frames.size(); ++i)
  {
    if (frames[i] >= numberOfFrames)
    {
      throw Error(file,
                  "frame " + std::to_string(frames[i] + 1) + " requested, the object has " +
                    std::to_string(numberOfFrames));
    }
    const char *   source = pixels + frames[i] * pixelsPerFrame * bytesPerPixel;
    std::int32_t * target = destination + i * pixelsPerFrame;
    switch (format.GetScalarType())
    {
      case gdcm::PixelFormat::UINT8:
        CopyFrame<std::uint8_t>(source, pixelsPerFrame, bitsStored, isSigned, target);
        break;
      case gdcm::PixelFormat::INT8:
        CopyFrame<std::int8_t>(source, pixelsPerFrame, bitsStored, isSigned, target);
        break;
      case gdcm::PixelFormat::UINT12:
      case gdcm::PixelFormat::UINT16:
        CopyFrame<std::uint16_t>(source, pixelsPerFrame, bitsStored, isSigned, target);
        break;
      case gdcm::PixelFormat::INT12:
      case gdcm::PixelFormat::INT16:
        CopyFrame<std::int16_t>(source, pixelsPerFrame, bitsStored, isSigned, target);
        break;
      case gdcm::PixelFormat::INT32:
        CopyFrame<std::int32_t>(source, pixelsPerFrame, bitsStored, isSigned, target);
        break;
      default:
        throw Error(file,
                    std::string("unsupported pixel type ") + format.GetScalarTypeAsString(),
                    "CT pixel data are 8 to 32-bit integers");
    }
  }
}

} // namespace chestct
