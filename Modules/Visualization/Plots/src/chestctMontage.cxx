#include "chestctMontage.h"
#include "chestctBitmapFont.h"
#include "chestctError.h"
#include "chestctPNGWriter.h"

#include "itkFastRounding.h"
#include "itkLinearInterpolateImageFunction.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <sstream>

namespace chestct
{

MontageAxis
MontageAxisFromName(const std::string & name, const std::string & option)
{
  if (name == "axial")
  {
    return MontageAxis::Axial;
  }
  if (name == "coronal")
  {
    return MontageAxis::Coronal;
  }
  if (name == "sagittal")
  {
    return MontageAxis::Sagittal;
  }
  throw Error("", option + " '" + name + "' is not a plane", "use axial, coronal or sagittal");
}

DisplayWindow
DisplayWindowFromName(const std::string & name, const std::string & option)
{
  if (name == "lung")
  {
    return { 1500.0, -600.0 };
  }
  if (name == "mediastinum")
  {
    return { 350.0, 40.0 };
  }
  if (name == "bone")
  {
    return { 1800.0, 400.0 };
  }
  const auto comma = name.find(',');
  if (comma != std::string::npos)
  {
    const std::string widthText = name.substr(0, comma), levelText = name.substr(comma + 1);
    char *            widthEnd = nullptr;
    char *            levelEnd = nullptr;
    const double      width = std::strtod(widthText.c_str(), &widthEnd);
    const double      level = std::strtod(levelText.c_str(), &levelEnd);
    if (!widthText.empty() && !levelText.empty() && *widthEnd == '\0' && *levelEnd == '\0' && std::isfinite(width) &&
        std::isfinite(level) && width > 0.0)
    {
      return { width, level };
    }
  }
  throw Error("", option + " '" + name + "' is not a window", "use lung, mediastinum, bone or W,L with W > 0 (HU)");
}

unsigned char
WindowGrey(double value, const DisplayWindow & window)
{
  const double grey = itk::FastRounding::Round(255.0 * (value - window.level + window.width / 2.0) / window.width);
  return static_cast<unsigned char>(std::clamp(grey, 0.0, 255.0));
}

namespace
{
using VectorType = itk::Vector<double, 3>;

struct DisplayFrame
{
  VectorType   across;     ///< LPS unit vector to the right of the tile
  VectorType   down;       ///< LPS unit vector down the tile
  VectorType   normal;     ///< LPS unit vector across the slices
  const char * letters[4]; ///< left, right, top, bottom
};

DisplayFrame
FrameOf(MontageAxis axis)
{
  const auto unit = [](double x, double y, double z) {
    VectorType v;
    v[0] = x;
    v[1] = y;
    v[2] = z;
    return v;
  };
  switch (axis)
  {
    case MontageAxis::Coronal:
      return { unit(1, 0, 0), unit(0, 0, -1), unit(0, 1, 0), { "R", "L", "S", "I" } };
    case MontageAxis::Sagittal:
      return { unit(0, 1, 0), unit(0, 0, -1), unit(1, 0, 0), { "A", "P", "S", "I" } };
    case MontageAxis::Axial:
    default:
      return { unit(1, 0, 0), unit(0, 1, 0), unit(0, 0, 1), { "R", "L", "A", "P" } };
  }
}

/** The range of `direction` . p over the volume's voxel-corner box. */
std::pair<double, double>
Extent(const itk::ImageBase<3> & image, const VectorType & direction)
{
  std::pair<double, double> range{ std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest() };
  const auto &              region = image.GetLargestPossibleRegion();
  for (unsigned int corner = 0; corner < 8; ++corner)
  {
    itk::ContinuousIndex<double, 3> index;
    for (unsigned int d = 0; d < 3; ++d)
    {
      index[d] = region.GetIndex(d) - 0.5 + ((corner >> d) & 1u ? region.GetSize(d) : 0.0);
    }
    itk::Point<double, 3> point;
    image.TransformContinuousIndexToPhysicalPoint(index, point);
    const double projection = direction * point.GetVectorFromOrigin();
    range.first = std::min(range.first, projection);
    range.second = std::max(range.second, projection);
  }
  return range;
}
} // namespace

MontageLayout
ComputeMontageLayout(const itk::ImageBase<3> & image, const MontageOptions & options, const std::string & inputName)
{
  if (options.rows == 0 || options.columns == 0 || options.rows * options.columns > 10000)
  {
    throw Error(inputName, "a montage needs between 1 and 10000 tiles", "give positive --rows and --cols");
  }
  if (options.tileSize < 8 || options.tileSize > 4096)
  {
    throw Error(inputName, "the tile size must be between 8 and 4096 pixels", "give --tile-size within that range");
  }
  if (options.every < 1 || options.start < 0)
  {
    throw Error(
      inputName, "slices are chosen from --start (0 or more) by --every (1 or more)", "fix --start or --every");
  }
  const DisplayFrame frame = FrameOf(options.axis);
  MontageLayout      layout;
  // The slice axis: the image axis whose direction is closest to the plane's normal.
  double best = -1.0;
  for (unsigned int axis = 0; axis < 3; ++axis)
  {
    double alignment = 0.0;
    for (unsigned int d = 0; d < 3; ++d)
    {
      alignment += image.GetDirection()(d, axis) * frame.normal[d];
    }
    if (std::abs(alignment) > best)
    {
      best = std::abs(alignment);
      layout.sliceAxis = axis;
    }
  }
  const auto   across = Extent(image, frame.across);
  const auto   down = Extent(image, frame.down);
  const double widthMM = across.second - across.first, heightMM = down.second - down.first;
  const double scale = options.tileSize / std::max(widthMM, heightMM);
  layout.tileWidth = std::max(1u, static_cast<unsigned int>(std::lround(widthMM * scale)));
  layout.tileHeight = std::max(1u, static_cast<unsigned int>(std::lround(heightMM * scale)));
  layout.pixelWidth = widthMM / layout.tileWidth;
  layout.pixelHeight = heightMM / layout.tileHeight;
  layout.width = options.columns * layout.tileWidth + (options.columns + 1) * options.gap;
  layout.height = options.rows * layout.tileHeight + (options.rows + 1) * options.gap;
  const long slices = static_cast<long>(image.GetLargestPossibleRegion().GetSize(layout.sliceAxis));
  for (unsigned int tile = 0; tile < options.rows * options.columns; ++tile)
  {
    const long slice = options.start + static_cast<long>(tile) * options.every;
    layout.slices.push_back(slice < slices ? slice : -1);
  }
  return layout;
}

MontageImageType::Pointer
RenderMontage(const itk::Image<short, 3> & image, const MontageMaskType * mask, const MontageOptions & options,
              const std::string & inputName, MontageLayout * layoutOut)
{
  using ImageType = itk::Image<short, 3>;
  const MontageLayout layout = ComputeMontageLayout(image, options, inputName);
  const DisplayFrame  frame = FrameOf(options.axis);
  const auto          across = Extent(image, frame.across);
  const auto          down = Extent(image, frame.down);

  auto picture = MontageImageType::New();
  picture->SetRegions(itk::Size<2>{ { layout.width, layout.height } });
  picture->Allocate();
  itk::RGBPixel<unsigned char> background;
  background.Fill(MontageBackgroundGrey);
  picture->FillBuffer(background);

  auto interpolator = itk::LinearInterpolateImageFunction<ImageType, double>::New();
  interpolator->SetInputImage(&image);
  const auto & region = image.GetLargestPossibleRegion();

  std::vector<unsigned short> labels(static_cast<std::size_t>(layout.tileWidth) * layout.tileHeight);
  for (std::size_t tile = 0; tile < layout.slices.size(); ++tile)
  {
    const long slice = layout.slices[tile];
    if (slice < 0)
    {
      continue; // past the stack: left blank
    }
    const auto [x0, y0] = layout.TileCorner(tile, options.columns, options.gap);
    // The slice's centre: the middle of the other two axes.
    itk::ContinuousIndex<double, 3> centreIndex;
    for (unsigned int d = 0; d < 3; ++d)
    {
      centreIndex[d] = region.GetIndex(d) + (d == layout.sliceAxis ? slice : (region.GetSize(d) - 1) / 2.0);
    }
    itk::Point<double, 3> centre;
    image.TransformContinuousIndexToPhysicalPoint(centreIndex, centre);
    const double normalPosition = frame.normal * centre.GetVectorFromOrigin();

    for (unsigned int row = 0; row < layout.tileHeight; ++row)
    {
      for (unsigned int column = 0; column < layout.tileWidth; ++column)
      {
        const double          a = across.first + (column + 0.5) * layout.pixelWidth;
        const double          b = down.first + (row + 0.5) * layout.pixelHeight;
        itk::Point<double, 3> point;
        for (unsigned int d = 0; d < 3; ++d)
        {
          point[d] = a * frame.across[d] + b * frame.down[d] + normalPosition * frame.normal[d];
        }
        unsigned char grey = 0;
        const auto    index = image.TransformPhysicalPointToContinuousIndex<double>(point);
        if (interpolator->IsInsideBuffer(index))
        {
          grey = WindowGrey(interpolator->EvaluateAtContinuousIndex(index), options.window);
        }
        unsigned short label = 0;
        if (mask != nullptr)
        {
          const auto maskIndex = mask->TransformPhysicalPointToIndex(point);
          if (mask->GetBufferedRegion().IsInside(maskIndex))
          {
            label = mask->GetPixel(maskIndex);
          }
        }
        labels[static_cast<std::size_t>(row) * layout.tileWidth + column] = label;
        itk::RGBPixel<unsigned char> pixel;
        pixel.Fill(grey);
        picture->SetPixel({ { static_cast<long>(x0 + column), static_cast<long>(y0 + row) } }, pixel);
      }
    }
    if (mask != nullptr)
    {
      // Tint each labelled pixel, and draw the label's outline (a pixel whose 4-neighbour differs) in full colour.
      const auto colourOf = [](unsigned short label) {
        itk::RGBPixel<unsigned char> colour;
        colour[0] = label == 2 ? 60 : 255;
        colour[1] = label == 1 ? 60 : (label == 2 ? 220 : 210);
        colour[2] = 60;
        return colour;
      };
      const auto at = [&](long r, long c) -> unsigned short {
        if (r < 0 || c < 0 || r >= static_cast<long>(layout.tileHeight) || c >= static_cast<long>(layout.tileWidth))
        {
          return 0;
        }
        return labels[static_cast<std::size_t>(r) * layout.tileWidth + static_cast<std::size_t>(c)];
      };
      for (long row = 0; row < static_cast<long>(layout.tileHeight); ++row)
      {
        for (long column = 0; column < static_cast<long>(layout.tileWidth); ++column)
        {
          const unsigned short label = at(row, column);
          if (label == 0)
          {
            continue;
          }
          const bool edge = at(row - 1, column) != label || at(row + 1, column) != label ||
                            at(row, column - 1) != label || at(row, column + 1) != label;
          const itk::Index<2> index{ { static_cast<long>(x0) + column, static_cast<long>(y0) + row } };
          const auto          colour = colourOf(label);
          auto                pixel = picture->GetPixel(index);
          for (unsigned int c = 0; c < 3; ++c)
          {
            pixel[c] = edge ? colour[c] : static_cast<unsigned char>(std::lround(0.65 * pixel[c] + 0.35 * colour[c]));
          }
          picture->SetPixel(index, pixel);
        }
      }
    }
    if (options.labels)
    {
      const unsigned int           scale = layout.tileWidth >= 160 && layout.tileHeight >= 100 ? 2 : 1;
      itk::RGBPixel<unsigned char> white;
      white.Fill(255);
      itk::RGBPixel<unsigned char> yellow;
      yellow[0] = 255;
      yellow[1] = 220;
      yellow[2] = 0;
      const long number = tile < options.sliceNumbers.size() ? options.sliceNumbers[tile] : slice;
      DrawText(*picture, x0 + 3, y0 + 3, std::to_string(number), scale, white);
      if (tile == 0)
      {
        const long midX = x0 + layout.tileWidth / 2, midY = y0 + layout.tileHeight / 2, h = 7 * scale;
        DrawText(*picture, x0 + 3, midY - h / 2, frame.letters[0], scale, yellow);
        DrawText(*picture,
                 x0 + layout.tileWidth - 3 - TextWidth(frame.letters[1], scale),
                 midY - h / 2,
                 frame.letters[1],
                 scale,
                 yellow);
        DrawText(*picture, midX - TextWidth(frame.letters[2], scale) / 2, y0 + 3, frame.letters[2], scale, yellow);
        DrawText(*picture,
                 midX - TextWidth(frame.letters[3], scale) / 2,
                 y0 + layout.tileHeight - 3 - h,
                 frame.letters[3],
                 scale,
                 yellow);
      }
    }
  }
  if (layoutOut != nullptr)
  {
    *layoutOut = layout;
  }
  return picture;
}

void
WritePNG(const MontageImageType * picture, const std::string & path)
{
  static_assert(sizeof(MontageImageType::PixelType) == 3, "an RGB pixel is three bytes, as PNG stores it");
  const auto & size = picture->GetBufferedRegion().GetSize();
  WriteRGBPNG(reinterpret_cast<const unsigned char *>(picture->GetBufferPointer()),
              static_cast<unsigned int>(size[0]),
              static_cast<unsigned int>(size[1]),
              false,
              PNGFilters::SubOrUp,
              path);
}

} // namespace chestct
