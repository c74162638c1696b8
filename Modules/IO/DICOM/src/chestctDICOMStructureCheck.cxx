#include "chestctDICOMStructureCheck.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace chestct
{
namespace
{

/** Thrown inside the walk; turned into the returned explanation. */
struct StructureProblem
{
  std::string what;
};
/** An encoding ChestCT refuses; turned into the returned explanation as it is. */
struct UnsupportedEncoding
{
  std::string what;
};
/** Neither a preamble nor a data set start: not DICOM at all. */
struct NotDICOM
{};

std::string
TagText(std::uint16_t group, std::uint16_t element)
{
  char text[16];
  std::snprintf(text, sizeof(text), "(%04x,%04x)", group, element);
  return text;
}

class StructureWalker
{
public:
  StructureWalker(std::ifstream & stream, std::uint64_t size, DICOMStructure & result)
    : m_Stream(stream)
    , m_Size(size)
    , m_Result(result)
  {}

  void
  Walk()
  {
    std::uint64_t position = 0;
    bool          explicitVR = true;
    unsigned char head[132];
    if (m_Size >= 132 && Read(0, head, 132) && std::memcmp(head + 128, "DICM", 4) == 0)
    {
      position = 132;
    }
    // File meta information: group 0002, always explicit VR little endian.
    std::string transferSyntax;
    while (position + 8 <= m_Size)
    {
      unsigned char header[8];
      Read(position, header, 8);
      if (Group(header) != 0x0002)
      {
        break;
      }
      const auto    element = Element(header);
      std::uint64_t valueStart = 0, length = 0;
      ExplicitHeader(position, header, valueStart, length);
      if (length == 0xffffffff || valueStart + length > m_Size)
      {
        throw StructureProblem{ "file meta element " + TagText(0x0002, element) + " runs past the end of the file" };
      }
      if (element == 0x0010)
      {
        transferSyntax.resize(length);
        Read(valueStart, reinterpret_cast<unsigned char *>(&transferSyntax[0]), length);
        while (!transferSyntax.empty() && (transferSyntax.back() == '\0' || transferSyntax.back() == ' '))
        {
          transferSyntax.pop_back();
        }
      }
      position = valueStart + length;
    }
    // GDCM parses these encodings with no walk before it, and asserts (aborts the process) on damaged
    // ones (fuzzer): they are refused, with the way to convert them. Both are rare in CT: big endian was
    // retired in 2004, and scanners do not deflate images.
    if (transferSyntax == "1.2.840.10008.1.2.2")
    {
      throw UnsupportedEncoding{ "uses the retired Explicit VR Big Endian transfer syntax, which ChestCT does not "
                                 "read (convert it to little endian, e.g. 'gdcmconv --raw IN OUT')" };
    }
    if (transferSyntax == "1.2.840.10008.1.2.1.99")
    {
      throw UnsupportedEncoding{ "is a deflated data set, which ChestCT does not read (inflate it, e.g. "
                                 "'gdcmconv --raw IN OUT')" };
    }
    if (transferSyntax == "1.2.840.10008.1.2")
    {
      explicitVR = false;
    }
    else if (transferSyntax.empty())
    {
      // No meta information: a bare data set starts with group 0008 (identifying
      // attributes); the encoding is guessed as readers do, by whether a VR follows.
      unsigned char header[6];
      if (position + 6 > m_Size || !Read(position, header, 6) || Group(header) != 0x0008)
      {
        throw NotDICOM{};
      }
      explicitVR = IsVR(header + 4);
    }
    WalkElements(position, m_Size, explicitVR, 0, true);
  }

private:
  static std::uint16_t
  Group(const unsigned char * b)
  {
    return static_cast<std::uint16_t>(b[0] | (b[1] << 8));
  }
  static std::uint16_t
  Element(const unsigned char * b)
  {
    return static_cast<std::uint16_t>(b[2] | (b[3] << 8));
  }
  static std::uint32_t
  Read32(const unsigned char * b)
  {
    return static_cast<std::uint32_t>(b[0]) | (static_cast<std::uint32_t>(b[1]) << 8) |
           (static_cast<std::uint32_t>(b[2]) << 16) | (static_cast<std::uint32_t>(b[3]) << 24);
  }
  /** One of DICOM's value representations (PS3.5 6.2): what GDCM accepts as explicit. */
  static bool
  IsVR(const unsigned char * b)
  {
    static const char vrs[] = "AEASATCSDADSDTFDFLISLOLTOBODOFOLOVOWPNSHSLSQSSSTSVTMUCUIULUNURUSUTUV";
    for (std::size_t i = 0; i + 1 < sizeof(vrs); i += 2)
    {
      if (b[0] == vrs[i] && b[1] == vrs[i + 1])
      {
        return true;
      }
    }
    return false;
  }
  static bool
  HasLongLength(const unsigned char * vr)
  {
    static const std::array<const char *, 13> longVRs = { "OB", "OD", "OF", "OL", "OV", "OW", "SQ",
                                                          "SV", "UC", "UN", "UR", "UT", "UV" };
    for (const char * candidate : longVRs)
    {
      if (vr[0] == candidate[0] && vr[1] == candidate[1])
      {
        return true;
      }
    }
    return false;
  }

  bool
  Read(std::uint64_t position, unsigned char * buffer, std::uint64_t count)
  {
    if (position + count > m_Size)
    {
      throw StructureProblem{ "the file ends inside an element, at byte " + std::to_string(m_Size) };
    }
    // Headers nearly always lie in the file's first block, read once; the rest is read where needed.
    if (m_Head.empty())
    {
      m_Head.resize(static_cast<std::size_t>(std::min<std::uint64_t>(m_Size, 256 * 1024)));
      m_Stream.seekg(0);
      m_Stream.read(reinterpret_cast<char *>(m_Head.data()), static_cast<std::streamsize>(m_Head.size()));
      if (!m_Stream)
      {
        throw StructureProblem{ "cannot be read" };
      }
    }
    if (position + count <= m_Head.size())
    {
      std::memcpy(buffer, m_Head.data() + position, count);
      return true;
    }
    m_Stream.seekg(static_cast<std::streamoff>(position));
    m_Stream.read(reinterpret_cast<char *>(buffer), static_cast<std::streamsize>(count));
    if (!m_Stream)
    {
      throw StructureProblem{ "cannot be read at byte " + std::to_string(position) };
    }
    return true;
  }

  /** Reads an explicit-VR element header at `position` (whose first 8 bytes are `header`). */
  void
  ExplicitHeader(std::uint64_t position, const unsigned char * header, std::uint64_t & valueStart,
                 std::uint64_t & length)
  {
    if (!IsVR(header + 4))
    {
      // GDCM would retry such data as a mixture of explicit and implicit
      // elements, and its retry paths are where it allocates blindly and
      // asserts; a file like this is damaged, and is skipped as such.
      throw StructureProblem{ "element " + TagText(Group(header), Element(header)) +
                              " has no valid value representation in explicit VR data" };
    }
    if (HasLongLength(header + 4))
    {
      if (header[6] != 0 || header[7] != 0)
      {
        // PS3.5 7.1.2: reserved, zero. GDCM asserts on this rather than reporting it.
        throw StructureProblem{ "element " + TagText(Group(header), Element(header)) +
                                " has non-zero reserved bytes after its VR" };
      }
      unsigned char bytes[4];
      Read(position + 8, bytes, 4);
      length = Read32(bytes);
      valueStart = position + 12;
    }
    else
    {
      length = static_cast<std::uint64_t>(header[6] | (header[7] << 8));
      valueStart = position + 8;
    }
  }

  /** Walks elements from `position` up to `limit`; returns the position after them, or after the item
   * delimiter that ends an undefined-length item. */
  std::uint64_t
  WalkElements(std::uint64_t position, std::uint64_t limit, bool explicitVR, int depth, bool topLevel)
  {
    if (depth > 32)
    {
      throw StructureProblem{ "sequences nested more than 32 deep" };
    }
    std::uint32_t previousTag = 0;
    bool          first = true;
    while (position < limit)
    {
      unsigned char header[8];
      Read(position, header, 8);
      const std::uint16_t group = Group(header);
      const std::uint16_t element = Element(header);
      if (group == 0xfffe && element == 0xe00d) // end of an undefined-length item
      {
        return position + 8;
      }
      // PS3.5 7.1: elements in ascending tag order, each once. GDCM meets a
      // violation with its 16-bit-VR recovery, which allocates blindly (fuzzer).
      const std::uint32_t tag = (std::uint32_t{ group } << 16) | element;
      if (!first && tag <= previousTag)
      {
        throw StructureProblem{ "element " + TagText(group, element) + " is out of order or repeated" };
      }
      previousTag = tag;
      first = false;
      std::uint64_t valueStart = position + 8;
      std::uint64_t length = Read32(header + 4);
      bool          sequence = !explicitVR;
      if (explicitVR)
      {
        ExplicitHeader(position, header, valueStart, length);
        sequence =
          !IsVR(header + 4) || (header[4] == 'S' && header[5] == 'Q') || (header[4] == 'U' && header[5] == 'N');
      }
      if (topLevel && group == 0x7fe0 && element == 0x0010)
      {
        m_Result.hasPixelData = true;
        if (length == 0xffffffff)
        {
          m_Result.encapsulated = true;
          if (!WalkFragments(valueStart))
          {
            return limit;
          }
          position = m_AfterFragments;
          continue;
        }
        m_Result.pixelDataLength = length;
        m_Result.pixelDataOffset = valueStart;
        if (valueStart + length > limit)
        {
          m_Result.pixelDataProblem = "truncated: the file ends " + std::to_string(valueStart + length - limit) +
                                      " bytes before the end of its pixel data";
          return limit;
        }
        position = valueStart + length;
        continue;
      }
      if (length == 0xffffffff)
      {
        if (!sequence)
        {
          throw StructureProblem{ "element " + TagText(group, element) + " has an undefined length" };
        }
        // UN of undefined length holds implicit-VR data, as a sequence does in implicit data.
        const bool innerExplicit = explicitVR && IsVR(header + 4) && !(header[4] == 'U' && header[5] == 'N');
        position = WalkSequence(valueStart, limit, innerExplicit, depth + 1, true);
        continue;
      }
      if (valueStart + length > limit)
      {
        throw StructureProblem{ "element " + TagText(group, element) + " claims " + std::to_string(length) +
                                " bytes, but only " + std::to_string(limit > valueStart ? limit - valueStart : 0) +
                                " remain (a cut-off copy, or a damaged header)" };
      }
      if (explicitVR && IsVR(header + 4) && header[4] == 'S' && header[5] == 'Q')
      {
        WalkSequence(valueStart, valueStart + length, true, depth + 1, false);
      }
      position = valueStart + length;
    }
    if (position > limit)
    {
      throw StructureProblem{ "an element runs past the end of its item" };
    }
    return position;
  }

  /** Walks encapsulated pixel data: items of defined length up to a sequence
   * delimiter. Returns false, noting the problem, when they are cut off. */
  bool
  WalkFragments(std::uint64_t position)
  {
    while (position + 8 <= m_Size)
    {
      unsigned char header[8];
      Read(position, header, 8);
      const std::uint32_t length = Read32(header + 4);
      if (Group(header) == 0xfffe && Element(header) == 0xe0dd)
      {
        m_AfterFragments = position + 8;
        return true;
      }
      if (Group(header) != 0xfffe || Element(header) != 0xe000 || length == 0xffffffff)
      {
        throw StructureProblem{ "encapsulated pixel data hold " + TagText(Group(header), Element(header)) +
                                " where a fragment should be" };
      }
      if (position + 8 + length > m_Size)
      {
        break;
      }
      if (m_Result.fragments.size() >= MaximumFragments)
      {
        throw StructureProblem{ "the compressed pixel data are split into more than " +
                                std::to_string(MaximumFragments) + " fragments" };
      }
      m_Result.fragments.push_back({ position + 8, length });
      position += 8 + length;
    }
    m_Result.fragments.clear();
    m_Result.pixelDataProblem = "truncated: the compressed pixel data run past the end of the file";
    return false;
  }

  /** Walks the items of a sequence; `undefined` when it ends with a sequence delimiter. */
  std::uint64_t
  WalkSequence(std::uint64_t position, std::uint64_t limit, bool explicitVR, int depth, bool undefined)
  {
    while (position < limit)
    {
      unsigned char header[8];
      Read(position, header, 8);
      const std::uint16_t group = Group(header);
      const std::uint16_t element = Element(header);
      const std::uint32_t length = Read32(header + 4);
      if (group == 0xfffe && element == 0xe0dd)
      {
        return position + 8;
      }
      if (group != 0xfffe || element != 0xe000)
      {
        throw StructureProblem{ "a sequence holds " + TagText(group, element) + " where an item should be" };
      }
      if (length == 0xffffffff)
      {
        position = WalkElements(position + 8, limit, explicitVR, depth, false);
      }
      else
      {
        if (position + 8 + length > limit)
        {
          throw StructureProblem{ "a sequence item runs past the end of its sequence" };
        }
        WalkElements(position + 8, position + 8 + length, explicitVR, depth, false);
        position += 8 + length;
      }
    }
    if (undefined)
    {
      throw StructureProblem{ "a sequence of undefined length is never closed before the end of the file" };
    }
    return position;
  }

  std::ifstream &            m_Stream;
  std::uint64_t              m_Size;
  std::vector<unsigned char> m_Head; ///< the file's first block
  DICOMStructure &           m_Result;
  std::uint64_t              m_AfterFragments{ 0 };

  /** One fragment per frame is the rule; a million frames is beyond any CT, and
   * bounds what a file of empty items can make the list hold. */
  static constexpr std::size_t MaximumFragments = std::size_t{ 1 } << 20;
};

} // namespace

DICOMStructure
WalkDICOMStructure(const std::string & path)
{
  DICOMStructure result;
  std::ifstream  stream(path, std::ios::binary | std::ios::ate);
  if (!stream)
  {
    result.followed = false; // opening problems are reported by the caller
    return result;
  }
  const auto size = static_cast<std::uint64_t>(stream.tellg());
  try
  {
    StructureWalker(stream, size, result).Walk();
  }
  catch (const StructureProblem & problem)
  {
    result.problem = "damaged DICOM file: " + problem.what;
  }
  catch (const UnsupportedEncoding & unsupported)
  {
    result.problem = unsupported.what;
  }
  catch (const NotDICOM &)
  {
    result.problem = "not a DICOM file (or its header is damaged)";
  }
  return result;
}

} // namespace chestct
