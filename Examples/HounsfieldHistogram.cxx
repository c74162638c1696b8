// Step 2 of the seed tutorial: look at the Hounsfield units, as a histogram with the tissue bands.
//
//   HounsfieldHistogram VOLUME.nrrd OUTPUT.svg
//   HounsfieldHistogram --phantom OUTPUT.svg      (the thorax phantom, made in memory)
//
// The seed plotted plt.hist(bins=50) of every voxel, with the padding outside the scan circle mixed
// into the air bar. ChestCT counts padding apart and shades the reference tissue bands.
#include "ExampleInput.h"
#include "chestctError.h"
#include "chestctHistogram.h"
#include "chestctAtomicOutputFile.h"


#include <iostream>

int
main(int argc, char * argv[])
{
  if (argc != 3)
  {
    std::cerr << "usage: " << argv[0] << " VOLUME.nrrd|--phantom OUTPUT.svg\n";
    return 2;
  }
  try
  {
    using ImageType = itk::Image<short, 3>;
    const ImageType::Pointer image = ReadVolumeOrPhantom(argv[1]);

    chestct::HistogramOptions options; // 50 bins over the range of the values, as the seed
    options.range = std::make_pair(-1100.0, 1100.0);
    const chestct::Histogram      histogram = chestct::ComputeHistogram(*image, options);
    chestct::HistogramPlotOptions plot;
    plot.title = "Hounsfield units";
    chestct::WriteTextFileAtomically(argv[2], chestct::HistogramSVG(histogram, plot));

    // The fullest bin: air outside the body, or lung.
    std::size_t fullest = 0;
    for (std::size_t bin = 1; bin < histogram.counts.size(); ++bin)
    {
      fullest = histogram.counts[bin] > histogram.counts[fullest] ? bin : fullest;
    }
    std::cout << histogram.total << " voxels in " << histogram.counts.size() << " bins; the fullest holds ["
              << histogram.Lower(fullest) << ", " << histogram.Upper(fullest) << ") HU\n";
    std::cout << "wrote " << argv[2] << "\n";
    return 0;
  }
  catch (const chestct::Error & error)
  {
    std::cerr << "error: " << error.what() << "\n";
    return 1;
  }
  catch (const itk::ExceptionObject & error)
  {
    std::cerr << "error: " << error.GetDescription() << "\n";
    return 1;
  }
}
