#include "chestctDICOMTestUtilities.h"

namespace chestct::testing
{

Conversion
Convert(const std::string & path, const HounsfieldConversionOptions & options, const std::string & key)
{
  Conversion result;
  result.scan = ScanDICOMFolder(path);
  result.series = ChooseSeries(result.scan.series, key, path);
  result.geometry = AnalyzeSliceStack(result.series);
  HounsfieldVolumeReader reader(result.series, result.geometry, options);
  result.image = reader.Read();
  return result;
}

void
RequireSameGrid(const HUImageType * actual, const HUImageType * expected, double tolerance)
{
  REQUIRE(actual->GetLargestPossibleRegion().GetSize() == expected->GetLargestPossibleRegion().GetSize());
  for (unsigned int i = 0; i < 3; ++i)
  {
    INFO("axis " << i);
    REQUIRE(actual->GetOrigin()[i] == Approx(expected->GetOrigin()[i]).margin(tolerance));
    REQUIRE(actual->GetSpacing()[i] == Approx(expected->GetSpacing()[i]).margin(tolerance));
    for (unsigned int j = 0; j < 3; ++j)
    {
      REQUIRE(actual->GetDirection()[i][j] == Approx(expected->GetDirection()[i][j]).margin(tolerance));
    }
  }
}

std::size_t
CountDifferentVoxels(const HUImageType * a, const HUImageType * b)
{
  const std::size_t count = a->GetBufferedRegion().GetNumberOfPixels();
  REQUIRE(b->GetBufferedRegion().GetNumberOfPixels() == count);
  std::size_t different = 0;
  for (std::size_t i = 0; i < count; ++i)
  {
    different += a->GetBufferPointer()[i] != b->GetBufferPointer()[i];
  }
  return different;
}

} // namespace chestct::testing
