#ifndef chestctStreamingNRRDReader_h
#define chestctStreamingNRRDReader_h

#include "chestctStreamingNRRDWriter.h"

#include "itkImage.h"

#include <cstdio>
#include <memory>
#include <string>

namespace chestct
{

/** \class NRRDSlabInput
 * \brief The pixel-type-free part of StreamingNRRDReader: the file, its header check, and the gzip stream
 * of a compressed file.
 *
 * \ingroup ChestCTCommon
 */
class NRRDSlabInput
{
public:
  NRRDSlabInput(const std::string & path, const itk::ImageBase<3> & grid, const char * typeName,
                std::size_t pixelBytes);
  ~NRRDSlabInput();
  NRRDSlabInput(const NRRDSlabInput &) = delete;
  NRRDSlabInput &
  operator=(const NRRDSlabInput &) = delete;

  /** Fills `bytes` at `to` with the stream's next bytes. */
  void
  Read(void * to, std::size_t bytes);

private:
  struct ZStream;

  std::string              m_Path;
  std::FILE *              m_File{ nullptr };
  std::unique_ptr<ZStream> m_Stream; ///< null for a raw file
};

/** \class StreamingNRRDReader
 * \brief Reads back, slab by slab and in order, a volume that StreamingNRRDWriter (or ITK's NRRD writer)
 * wrote on a known grid, raw or gzip-compressed, decompressing only what each slab needs.
 *
 * For a pipeline that writes a volume slab by slab and needs it again later without holding it whole (the
 * run's second pass over the 1 mm volume). The file's header must be the one written for `grid`: the
 * reader checks it, so a file of another volume is refused rather than misread.
 *
 * \ingroup ChestCTCommon
 */
template <typename TPixel>
class StreamingNRRDReader
{
public:
  using ImageType = itk::Image<TPixel, 3>;

  /** Opens `path`, which must hold an image on `grid` (index starting at 0). Throws chestct::Error when
   * it cannot be opened or holds another image. */
  StreamingNRRDReader(const std::string & path, const itk::ImageBase<3> & grid)
    : m_Input(path, grid, NRRDTypeName<TPixel>(), sizeof(TPixel))
    , m_Grid(grid.GetLargestPossibleRegion())
  {
    auto geometry = itk::ImageBase<3>::New();
    geometry->CopyInformation(&grid);
    m_Geometry = geometry;
  }

  /** The next `count` slices (fewer at the end), as an image on the grid whose buffered region is them. */
  typename ImageType::Pointer
  ReadSlab(long count)
  {
    auto region = m_Grid;
    region.SetIndex(2, m_NextSlice);
    region.SetSize(
      2, static_cast<itk::SizeValueType>(std::min(count, static_cast<long>(m_Grid.GetSize(2)) - m_NextSlice)));
    auto slab = ImageType::New();
    slab->CopyInformation(m_Geometry);
    slab->SetRegions(region);
    slab->SetLargestPossibleRegion(m_Grid);
    slab->Allocate();
    m_Input.Read(slab->GetBufferPointer(), region.GetNumberOfPixels() * sizeof(TPixel));
    m_NextSlice += static_cast<long>(region.GetSize(2));
    return slab;
  }

private:
  NRRDSlabInput                   m_Input;
  itk::ImageRegion<3>             m_Grid;
  itk::ImageBase<3>::ConstPointer m_Geometry;
  long                            m_NextSlice{ 0 };
};

} // namespace chestct

#endif
