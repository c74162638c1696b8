#ifndef chestctStreamingNRRDWriter_h
#define chestctStreamingNRRDWriter_h

#include "chestctAtomicOutputFile.h"
#include "chestctImageFileFormat.h"

#include "itkImage.h"

#include <algorithm>
#include <cstdio>
#include <deque>
#include <future>
#include <memory>
#include <string>
#include <vector>

namespace chestct
{

/** The header itk::NrrdImageIO writes for a 3D image on `grid` (patient space, LPS) of pixels NRRD calls
 * `typeName`, stored with `encoding`, ending in the blank line before the data. \ingroup ChestCTCommon */
std::string
NRRDHeaderOf(const itk::ImageBase<3> & grid, const char * typeName, std::size_t pixelBytes,
             ImageCompression encoding = ImageCompression::Gzip);

/** NRRD's name of a pixel type. \ingroup ChestCTCommon */
template <typename TPixel>
const char *
NRRDTypeName();

template <>
inline const char *
NRRDTypeName<short>()
{
  return "short";
}

template <>
inline const char *
NRRDTypeName<unsigned char>()
{
  return "unsigned char";
}

class NRRDRepeatBlocks;

/** \class NRRDSlabStream
 * \brief The pixel-type-free part of StreamingNRRDWriter: the header, the pixels (raw, or a gzip stream
 * made of slabs compressed in parallel), the file.
 *
 * \ingroup ChestCTCommon
 */
class NRRDSlabStream
{
public:
  /** `typeName` is NRRD's name of the pixel type ("short", "unsigned char"). */
  NRRDSlabStream(const std::string & path, const itk::ImageBase<3> & grid, const char * typeName,
                 std::size_t pixelBytes, ImageCompression encoding);
  ~NRRDSlabStream();
  NRRDSlabStream(const NRRDSlabStream &) = delete;
  NRRDSlabStream &
  operator=(const NRRDSlabStream &) = delete;

  /** Queues `count` slices of the grid from slice `first` on, `pixels` pixels at `data`, which `owner` keeps
   * alive until they are compressed (raw, they are written before this returns). */
  void
  Append(const void * data, std::size_t first, std::size_t count, std::size_t pixels,
         itk::LightObject::ConstPointer owner);

  void
  Commit();

  /** A slab compressed: raw deflate blocks ending on a byte boundary, and what the gzip trailer needs. */
  struct Chunk
  {
    /** Allocated by the caller's thread, large enough for any outcome: its pages are touched only as far as
     * the compression fills them, and it returns to the caller's heap, not to a compressing thread's arena
     * (glibc keeps an arena per thread, which would hold freed slabs). */
    std::unique_ptr<unsigned char[]> bytes;
    std::size_t                      capacity{ 0 };
    std::size_t                      written{ 0 };
    unsigned long                    crc{ 0 };
    std::size_t                      size{ 0 }; ///< uncompressed bytes
  };

private:
  /** Writes the oldest compressed slab to the file. */
  void
  WriteOldest();

  /** Writes `bytes` at `data` to the file, or throws. */
  void
  WriteBytes(const void * data, std::size_t bytes);

  std::string                       m_Path;
  AtomicOutputFile                  m_Output;
  std::FILE *                       m_File{ nullptr };
  ImageCompression                  m_Encoding{ ImageCompression::Gzip };
  std::size_t                       m_PixelBytes{ 0 };
  std::size_t                       m_SlicePixels{ 0 };
  std::size_t                       m_Slices{ 0 };
  std::size_t                       m_SlicesQueued{ 0 };
  unsigned long                     m_CRC{ 0 };
  std::size_t                       m_Size{ 0 };
  const void *                      m_PreviousData{ nullptr }; ///< the last slab given, for the next one's dictionary
  std::size_t                       m_PreviousBytes{ 0 };
  itk::LightObject::ConstPointer    m_PreviousOwner;
  std::unique_ptr<NRRDRepeatBlocks> m_Repeats;     ///< compressed runs of one value, shared by the file's slabs
  std::deque<std::future<Chunk>>    m_Compressing; ///< in the order of the file; last: waited for first
};

/** \class StreamingNRRDWriter
 * \brief Writes a 3D image to a NRRD file slab by slab, so that the image is never held whole.
 *
 * Slabs are runs of whole slices (along the third index), given in order. Raw, a slab is written as it is
 * given. Gzip-compressed (the default), each is compressed on a thread of its own while the caller makes
 * the next, as pigz does: slabs are deflated in parallel, each primed
 * with the last 32 kB of the one before (so the ratio is that of one stream) and ended on a byte
 * boundary, and their blocks are joined into one gzip stream with the CRC of the whole. At most three
 * slabs are compressing or waiting to be written (Append blocks beyond that), so the memory a writer holds
 * is a few slabs whatever the volume.
 *
 * The file has the header itk::NrrdImageIO writes for the whole image, then the raw pixels or that one gzip
 * stream at ITK's compression level (2): any NRRD reader takes it. It is written under a temporary name
 * (AtomicOutputFile) and appears under its own only when Commit() has written every slice: a writer
 * destroyed before that, or one whose write failed, leaves no file behind. The grid's index must start
 * at 0.
 *
 * \ingroup ChestCTCommon
 */
template <typename TPixel>
class StreamingNRRDWriter
{
public:
  using ImageType = itk::Image<TPixel, 3>;

  /** Starts `path` for an image of `grid`'s largest possible region and geometry, its pixels stored with
   * `encoding`. Throws chestct::Error when the file cannot be created. */
  StreamingNRRDWriter(const std::string & path, const itk::ImageBase<3> & grid,
                      ImageCompression encoding = ImageCompression::Gzip)
    : m_Stream(path, grid, NRRDTypeName<TPixel>(), sizeof(TPixel), encoding)
  {}

  /** Queues the next slab: an image on the grid whose buffered region is whole slices, beginning where
   * the previous slab ended. Its pixels must not change until they are written (the writer holds the
   * image; a raw slab is written before this returns). Rethrows the failure of an earlier slab's write. */
  void
  Append(const ImageType * slab)
  {
    const auto & region = slab->GetBufferedRegion();
    m_Stream.Append(slab->GetBufferPointer(),
                    static_cast<std::size_t>(region.GetIndex(2)),
                    region.GetSize(2),
                    region.GetNumberOfPixels(),
                    itk::LightObject::ConstPointer(slab));
  }

  /** Queues `count` slices of `volume`, an image holding the whole grid, from slice `first` on (the next
   * slices to write): nothing is copied, and the writer holds the volume until they are compressed. */
  void
  AppendSlices(const ImageType * volume, long first, long count)
  {
    const auto &      region = volume->GetBufferedRegion();
    const std::size_t slice = region.GetSize(0) * region.GetSize(1);
    m_Stream.Append(volume->GetBufferPointer() + static_cast<std::size_t>(first - region.GetIndex(2)) * slice,
                    static_cast<std::size_t>(first),
                    static_cast<std::size_t>(count),
                    static_cast<std::size_t>(count) * slice,
                    itk::LightObject::ConstPointer(volume));
  }

  /** Waits for the compression, ends the stream and gives the file its name. Throws chestct::Error when a
   * slice is missing or the write failed. */
  void
  Commit()
  {
    m_Stream.Commit();
  }

private:
  NRRDSlabStream m_Stream;
};

/** Writes `volume` (held whole, index starting at 0) to the NRRD file `path` through StreamingNRRDWriter, in
 * slabs of `slabSlices` slices: gzip-compressed, the slabs are compressed in parallel (ITK's NRRD writer
 * compresses on one core); raw, they are written in turn. \ingroup ChestCTCommon */
template <typename TPixel>
void
WriteNRRDBySlabs(const itk::Image<TPixel, 3> * volume, const std::string & path,
                 ImageCompression encoding = ImageCompression::Gzip, long slabSlices = 16)
{
  StreamingNRRDWriter<TPixel> writer(path, *volume, encoding);
  const long                  slices = static_cast<long>(volume->GetBufferedRegion().GetSize(2));
  for (long first = 0; first < slices; first += slabSlices)
  {
    writer.AppendSlices(volume, first, std::min(slabSlices, slices - first));
  }
  writer.Commit();
}

} // namespace chestct

#endif
