#ifndef chestctSegmentationSteps_h
#define chestctSegmentationSteps_h

#include "chestctMontage.h"

#include <string>
#include <vector>

namespace chestct
{

/** \brief One panel of a segmentation-steps figure: a 2-D image and its title. \ingroup ChestCTPlots
 *
 * Images of every kind are held as float (labels are exact up to 2^24); the Make*Panel functions build
 * panels from the usual pixel types. */
struct SegmentationStepPanel
{
  enum class Kind
  {
    Grey,  ///< CT values through `window`; with `mask`, black outside it ("mask applied")
    Mask,  ///< non-zero white on black
    Labels ///< each non-zero label its own colour (a fixed palette, cycling), 0 black
  };
  using ImageType = itk::Image<float, 2>;
  using MaskType = itk::Image<unsigned char, 2>;

  std::string             title; ///< drawn in capitals above the panel
  Kind                    kind{ Kind::Grey };
  ImageType::ConstPointer image;
  MaskType::ConstPointer  mask; ///< Grey only, optional
  DisplayWindow           window;
};

SegmentationStepPanel
MakeGreyPanel(const std::string & title, const itk::Image<short, 2> * image, const DisplayWindow & window,
              const itk::Image<unsigned char, 2> * mask = nullptr);
SegmentationStepPanel
MakeMaskPanel(const std::string & title, const itk::Image<unsigned char, 2> * mask);
SegmentationStepPanel
MakeLabelPanel(const std::string & title, const itk::Image<unsigned int, 2> * labels);

/** \brief How the figure is laid out. \ingroup ChestCTPlots */
struct SegmentationStepsOptions
{
  unsigned int columns{ 3 };     ///< panels per row (the seed's figure: 3 x 2)
  unsigned int panelSize{ 320 }; ///< pixels along a panel's longer side; the other keeps the physical aspect
  unsigned int gap{ 6 };         ///< pixels between panels and around them
  unsigned int titleScale{ 2 };  ///< font pixel size of the titles
};

/** The colour of label `label` in a Labels panel (0: black). */
itk::RGBPixel<unsigned char>
LabelColour(unsigned int label);

/** Draws the panels row by row, `options.columns` to a row, each with its title above it, every panel
 * the size of the first (images are sampled at the nearest pixel; x to the right, y down, as the image
 * is stored), and writes the picture to `path` as PNG, atomically, when `path` is not empty. Throws
 * chestct::Error for no panels, a panel without an image, or a failed write. */
MontageImageType::Pointer
RenderSegmentationSteps(const std::vector<SegmentationStepPanel> & panels, const std::string & path = {},
                        const SegmentationStepsOptions & options = {});

} // namespace chestct

#endif
