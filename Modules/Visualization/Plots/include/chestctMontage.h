#ifndef chestctMontage_h
#define chestctMontage_h

#include "itkImage.h"
#include "itkRGBPixel.h"

#include <string>
#include <vector>

namespace chestct
{

/** \brief The anatomical plane of the tiles. \ingroup ChestCTPlots */
enum class MontageAxis
{
  Axial,   ///< slices across z; patient's right on the image left, anterior at the top
  Coronal, ///< slices across y; patient's right on the image left, superior at the top
  Sagittal ///< slices across x; anterior on the image left, superior at the top
};

/** "axial", "coronal" or "sagittal"; otherwise chestct::Error naming `option`. */
MontageAxis
MontageAxisFromName(const std::string & name, const std::string & option = "--axis");

/** \brief A display window: grey 0 at level - width/2, 255 at level + width/2, linear between. \ingroup ChestCTPlots */
struct DisplayWindow
{
  double width{ 1500.0 };
  double level{ -600.0 };
};

/** "lung" (1500/-600), "mediastinum" (350/40), "bone" (1800/400) or "W,L" with W > 0; otherwise
 * chestct::Error naming `option`. */
DisplayWindow
DisplayWindowFromName(const std::string & name, const std::string & option = "--window");

/** The grey of `value` under `window`: round(255 (value - level + width/2) / width), clamped to 0..255. */
unsigned char
WindowGrey(double value, const DisplayWindow & window);

/** \brief What the montage shows. \ingroup ChestCTPlots */
struct MontageOptions
{
  unsigned int  rows{ 6 }; ///< as the seed's sample_stack
  unsigned int  columns{ 6 };
  long          start{ 10 }; ///< the first tile's slice index (the image's own index along the slice axis)
  long          every{ 3 };  ///< slice index step from tile to tile
  DisplayWindow window;
  MontageAxis   axis{ MontageAxis::Axial };
  unsigned int  tileSize{ 256 }; ///< pixels along a tile's longer side; the other follows the physical aspect ratio
  unsigned int  gap{ 4 };        ///< pixels between tiles and around them
  bool          labels{ true };  ///< slice index on each tile, orientation letters on the first
  /** The numbers printed on the tiles, one per tile, instead of their slice indices: for a montage of an
   * image made of slices picked from another (a streamed volume's), which should name the other's slices. */
  std::vector<long> sliceNumbers;
};

/** \brief Where everything is in the montage. \ingroup ChestCTPlots */
struct MontageLayout
{
  unsigned int      tileWidth{ 0 };
  unsigned int      tileHeight{ 0 };
  unsigned int      width{ 0 }; ///< whole picture
  unsigned int      height{ 0 };
  unsigned int      sliceAxis{ 2 };   ///< the image axis the tiles step along
  std::vector<long> slices;           ///< per tile, row by row: its slice index, or -1 for a blank tile past the stack
  double            pixelWidth{ 0 };  ///< mm per tile pixel, across
  double            pixelHeight{ 0 }; ///< mm per tile pixel, down

  /** The top-left pixel of tile `tile` (row-major). */
  std::pair<unsigned int, unsigned int>
  TileCorner(std::size_t tile, unsigned int columns, unsigned int gap) const
  {
    const auto row = static_cast<unsigned int>(tile / columns), column = static_cast<unsigned int>(tile % columns);
    return { gap + column * (tileWidth + gap), gap + row * (tileHeight + gap) };
  }
};

using MontageImageType = itk::Image<itk::RGBPixel<unsigned char>, 2>;
using MontageMaskType = itk::Image<unsigned short, 3>;

/** The colour of gaps and blank tiles. */
constexpr unsigned char MontageBackgroundGrey = 40;

/** The montage's layout for `image` (size, spacing and direction only). The slice axis is the image axis
 * closest to the anatomical normal; the tile spans the volume's extent along the two display directions
 * in patient space, so anisotropic voxels keep their true aspect ratio. Throws chestct::Error naming
 * `inputName` for zero rows, columns or tile size, or a step below 1. */
MontageLayout
ComputeMontageLayout(const itk::ImageBase<3> & image, const MontageOptions & options,
                     const std::string & inputName = {});

/** Draws the montage: each tile is the plane through its slice's centre, sampled in patient space
 * (bilinear in the plane) and windowed; display directions are anatomical, whatever the image's
 * direction matrix, in the radiological convention; points outside the volume are black. `mask`, if
 * given, may lie on any grid in the same patient space: it is sampled at the nearest voxel, and its
 * non-zero labels are tinted (1 red, 2 green, others yellow) and outlined. */
MontageImageType::Pointer
RenderMontage(const itk::Image<short, 3> & image, const MontageMaskType * mask, const MontageOptions & options,
              const std::string & inputName = {}, MontageLayout * layout = nullptr);

/** Writes an RGB picture as PNG, atomically; chestct::Error naming `path` on failure. */
void
WritePNG(const MontageImageType * picture, const std::string & path);

} // namespace chestct

#endif
