#include "chestctSegmentationSteps.h"

#include "chestctBitmapFont.h"
#include "chestctError.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace chestct
{
namespace
{
template <typename TImage>
SegmentationStepPanel::ImageType::Pointer
ToFloat(const TImage * image)
{
  auto result = SegmentationStepPanel::ImageType::New();
  result->CopyInformation(image);
  result->SetRegions(image->GetBufferedRegion());
  result->Allocate();
  std::transform(image->GetBufferPointer(),
                 image->GetBufferPointer() + image->GetBufferedRegion().GetNumberOfPixels(),
                 result->GetBufferPointer(),
                 [](auto v) { return static_cast<float>(v); });
  return result;
}

itk::RGBPixel<unsigned char>
Grey(unsigned char value)
{
  itk::RGBPixel<unsigned char> pixel;
  pixel.Fill(value);
  return pixel;
}
} // namespace

SegmentationStepPanel
MakeGreyPanel(const std::string & title, const itk::Image<short, 2> * image, const DisplayWindow & window,
              const itk::Image<unsigned char, 2> * mask)
{
  SegmentationStepPanel panel;
  panel.title = title;
  panel.kind = SegmentationStepPanel::Kind::Grey;
  panel.image = ToFloat(image);
  panel.mask = mask;
  panel.window = window;
  return panel;
}

SegmentationStepPanel
MakeMaskPanel(const std::string & title, const itk::Image<unsigned char, 2> * mask)
{
  SegmentationStepPanel panel;
  panel.title = title;
  panel.kind = SegmentationStepPanel::Kind::Mask;
  panel.image = ToFloat(mask);
  return panel;
}

SegmentationStepPanel
MakeLabelPanel(const std::string & title, const itk::Image<unsigned int, 2> * labels)
{
  SegmentationStepPanel panel;
  panel.title = title;
  panel.kind = SegmentationStepPanel::Kind::Labels;
  panel.image = ToFloat(labels);
  return panel;
}

itk::RGBPixel<unsigned char>
LabelColour(unsigned int label)
{
  // Twelve well-separated hues, bright enough to read on black.
  static constexpr unsigned char palette[12][3] = { { 230, 25, 75 },   { 60, 180, 75 },  { 255, 225, 25 },
                                                    { 0, 130, 200 },   { 245, 130, 48 }, { 145, 30, 180 },
                                                    { 70, 240, 240 },  { 240, 50, 230 }, { 210, 245, 60 },
                                                    { 250, 190, 212 }, { 0, 128, 128 },  { 170, 110, 40 } };
  itk::RGBPixel<unsigned char>   pixel;
  pixel.Fill(0);
  if (label != 0)
  {
    const auto & c = palette[(label - 1) % 12];
    pixel[0] = c[0];
    pixel[1] = c[1];
    pixel[2] = c[2];
  }
  return pixel;
}

MontageImageType::Pointer
RenderSegmentationSteps(const std::vector<SegmentationStepPanel> & panels, const std::string & path,
                        const SegmentationStepsOptions & options)
{
  const std::string figure = path.empty() ? std::string("segmentation steps") : path;
  if (panels.empty() || options.columns == 0 || options.panelSize == 0)
  {
    throw Error(figure, "has no panels to draw (or zero columns or panel size)");
  }
  for (const SegmentationStepPanel & panel : panels)
  {
    if (panel.image.IsNull() || panel.image->GetBufferedRegion().GetNumberOfPixels() == 0)
    {
      throw Error(figure, "panel '" + panel.title + "' has no image");
    }
  }
  // Every panel takes the first one's physical aspect ratio.
  const auto   firstSize = panels.front().image->GetBufferedRegion().GetSize();
  const auto   firstSpacing = panels.front().image->GetSpacing();
  const double width = firstSize[0] * firstSpacing[0], height = firstSize[1] * firstSpacing[1];
  const auto   panelWidth = static_cast<unsigned int>(
    std::max(1.0, std::round(width >= height ? options.panelSize : options.panelSize * width / height)));
  const auto panelHeight = static_cast<unsigned int>(
    std::max(1.0, std::round(height >= width ? options.panelSize : options.panelSize * height / width)));
  const unsigned int titleHeight = 7 * options.titleScale + 2 * options.gap;
  const auto         columns = std::min<unsigned int>(options.columns, static_cast<unsigned int>(panels.size()));
  const auto         rows = static_cast<unsigned int>((panels.size() + columns - 1) / columns);
  const unsigned int cellWidth = panelWidth + options.gap, cellHeight = titleHeight + panelHeight + options.gap;

  auto picture = MontageImageType::New();
  picture->SetRegions(
    MontageImageType::SizeType{ { options.gap + columns * cellWidth, options.gap + rows * cellHeight } });
  picture->Allocate();
  picture->FillBuffer(Grey(MontageBackgroundGrey));

  for (std::size_t p = 0; p < panels.size(); ++p)
  {
    const SegmentationStepPanel & panel = panels[p];
    const long                    x0 = options.gap + static_cast<long>(p % columns) * cellWidth;
    const long                    y0 = options.gap + static_cast<long>(p / columns) * cellHeight;
    std::string                   title = panel.title;
    std::transform(title.begin(), title.end(), title.begin(), [](unsigned char c) { return std::toupper(c); });
    DrawText(*picture, x0, y0 + options.gap - 2, title, options.titleScale, Grey(235));

    const auto    region = panel.image->GetBufferedRegion();
    const auto    size = region.GetSize();
    const float * pixels = panel.image->GetBufferPointer();
    const bool    masked = panel.kind == SegmentationStepPanel::Kind::Grey && panel.mask.IsNotNull();
    if (masked && panel.mask->GetBufferedRegion().GetSize() != size)
    {
      throw Error(figure, "panel '" + panel.title + "' has a mask of another size than its image");
    }
    for (unsigned int v = 0; v < panelHeight; ++v)
    {
      const auto j = std::min<std::size_t>(size[1] - 1, static_cast<std::size_t>(v) * size[1] / panelHeight);
      for (unsigned int u = 0; u < panelWidth; ++u)
      {
        const auto        i = std::min<std::size_t>(size[0] - 1, static_cast<std::size_t>(u) * size[0] / panelWidth);
        const std::size_t offset = j * size[0] + i;
        const float       value = pixels[offset];
        itk::RGBPixel<unsigned char> colour;
        switch (panel.kind)
        {
          case SegmentationStepPanel::Kind::Grey:
            colour =
              masked && panel.mask->GetBufferPointer()[offset] == 0 ? Grey(0) : Grey(WindowGrey(value, panel.window));
            break;
          case SegmentationStepPanel::Kind::Mask:
            colour = Grey(value != 0 ? 255 : 0);
            break;
          case SegmentationStepPanel::Kind::Labels:
            colour = LabelColour(value > 0 ? static_cast<unsigned int>(value) : 0);
            break;
        }
        picture->SetPixel({ { x0 + u, y0 + titleHeight + v } }, colour);
      }
    }
  }
  if (!path.empty())
  {
    WritePNG(picture, path);
  }
  return picture;
}

} // namespace chestct
