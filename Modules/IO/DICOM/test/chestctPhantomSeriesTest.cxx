// A DICOM series from the thorax phantom must become exactly the volume the
// phantom says a correct reader produces: every voxel, and the geometry in
// patient space, whatever the file names, patient position, rescale or padding.
#include "chestctDICOMTestUtilities.h"
#include "chestctError.h"
#include "chestctTestData.h"
#include "chestctThoraxPhantom.h"

#include "itkImageRegionConstIteratorWithIndex.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

using namespace chestct;
using namespace chestct::testing;

namespace
{
Conversion
WriteAndConvert(const ThoraxPhantomParameters & parameters, const std::string & name,
                const HounsfieldConversionOptions & options = {})
{
  const std::string folder = TemporaryFolder(name);
  ThoraxPhantom(parameters).WriteDICOMSeries(folder);
  return Convert(folder, options);
}

void
RequireExactlyExpected(const ThoraxPhantomParameters & parameters, const Conversion & conversion)
{
  const auto expected = ThoraxPhantom(parameters).ExpectedHounsfieldImage();
  RequireSameGrid(conversion.image, expected);
  REQUIRE(CountDifferentVoxels(conversion.image, expected) == 0);
}
} // namespace

TEST_CASE("A phantom series with unordered file names becomes exactly its expected HU volume", "[phantom][dicom]")
{
  ThoraxPhantomParameters parameters; // hashed file names: sorting by name would scramble the slices
  const Conversion        conversion = WriteAndConvert(parameters, "phantom-default");
  REQUIRE(conversion.scan.series.size() == 1);
  REQUIRE(conversion.geometry.findings.empty());
  REQUIRE_FALSE(conversion.geometry.needsResampling);
  REQUIRE(conversion.geometry.medianGap == Approx(parameters.sliceSpacing).margin(1e-6));
  RequireExactlyExpected(parameters, conversion);
}

TEST_CASE("A feet-first series is ordered by position, not InstanceNumber or SliceLocation", "[phantom][dicom]")
{
  ThoraxPhantomParameters parameters;
  parameters.feetFirst = true;
  const Conversion conversion = WriteAndConvert(parameters, "phantom-feet-first");
  RequireExactlyExpected(parameters, conversion);
  // Slices run along the normal of the feet-first orientation, (-1,0,0) x (0,1,0) = (0,0,-1).
  REQUIRE(conversion.image->GetDirection()[2][2] == Approx(-1.0));
}

TEST_CASE("Slope, intercept and unsigned storage give exact HU", "[phantom][dicom]")
{
  ThoraxPhantomParameters parameters;
  SECTION("slope 2, intercept -1024")
  {
    parameters.rescaleSlope = 2.0;
    RequireExactlyExpected(parameters, WriteAndConvert(parameters, "phantom-slope2"));
  }
  SECTION("slope 0.5, intercept -1000.5")
  {
    parameters.rescaleSlope = 0.5;
    parameters.rescaleIntercept = -1000.5;
    RequireExactlyExpected(parameters, WriteAndConvert(parameters, "phantom-slope-half"));
  }
  SECTION("unsigned pixels, padding 0")
  {
    parameters.signedPixels = false;
    parameters.paddingStoredValue = 0;
    RequireExactlyExpected(parameters, WriteAndConvert(parameters, "phantom-unsigned"));
  }
}

TEST_CASE("Padding outside the scan circle becomes air, with or without a padding tag", "[phantom][dicom]")
{
  ThoraxPhantomParameters parameters;
  ThoraxPhantom           phantom(parameters);
  const auto              corner = phantom.PixelCenter(0, 0, 0);
  REQUIRE_FALSE(phantom.InsideFieldOfView(corner));

  SECTION("PixelPaddingValue present")
  {
    const Conversion conversion = WriteAndConvert(parameters, "phantom-padding-tag");
    REQUIRE(conversion.image->GetPixel({ { 0, 0, 0 } }) == -1024);
  }
  SECTION("no tag: the seed's -2000 convention, on by default")
  {
    parameters.writePaddingValueTag = false;
    const Conversion conversion = WriteAndConvert(parameters, "phantom-no-padding-tag");
    RequireExactlyExpected(parameters, conversion);
  }
  SECTION("no tag and the convention off: the raw rescale")
  {
    parameters.writePaddingValueTag = false;
    HounsfieldConversionOptions options;
    options.assumeMinus2000Padding = false;
    const Conversion conversion = WriteAndConvert(parameters, "phantom-no-padding-raw", options);
    REQUIRE(conversion.image->GetPixel({ { 0, 0, 0 } }) == -2000 - 1024);
  }
  SECTION("a chosen air value")
  {
    HounsfieldConversionOptions options;
    options.paddingOutputValue = -1000;
    const Conversion conversion = WriteAndConvert(parameters, "phantom-air-value", options);
    REQUIRE(conversion.image->GetPixel({ { 0, 0, 0 } }) == -1000);
  }
}

TEST_CASE("Missing slices are reported and filled by interpolation on the regular grid", "[phantom][dicom]")
{
  ThoraxPhantomParameters parameters;
  parameters.missingSlices = { 20 };
  const Conversion conversion = WriteAndConvert(parameters, "phantom-missing");
  REQUIRE(conversion.geometry.HasFinding("missing-slices"));
  REQUIRE(conversion.geometry.needsResampling);

  // The complete series shares every stored value, so it is the reference.
  ThoraxPhantomParameters complete = parameters;
  complete.missingSlices.clear();
  const auto expected = ThoraxPhantom(complete).ExpectedHounsfieldImage();
  RequireSameGrid(conversion.image, expected);
  std::size_t checked = 0;
  for (itk::ImageRegionConstIteratorWithIndex<HUImageType> it(expected, expected->GetBufferedRegion()); !it.IsAtEnd();
       ++it)
  {
    auto index = it.GetIndex();
    if (index[2] != 20)
    {
      REQUIRE(conversion.image->GetPixel(index) == it.Get());
      continue;
    }
    // Halfway between its neighbours, exactly.
    auto below = index, above = index;
    below[2] = 19;
    above[2] = 21;
    const double mean = 0.5 * expected->GetPixel(below) + 0.5 * expected->GetPixel(above);
    REQUIRE(conversion.image->GetPixel(index) == static_cast<short>(std::round(mean)));
    ++checked;
  }
  REQUIRE(checked == parameters.columns * parameters.rows);
}

namespace
{
/** The fraction of voxels, among those more than 7 mm from any tissue boundary (further than the
 * interpolation reaches on this grid), whose value is the phantom's nominal HU at that point. */
double
FractionOfInteriorVoxelsRight(const HUImageType * image, const ThoraxPhantom & phantom, std::size_t & interior)
{
  const double margin = 7.0;
  std::size_t  right = 0;
  interior = 0;
  for (itk::ImageRegionConstIteratorWithIndex<HUImageType> it(image, image->GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    ThoraxPhantom::PointType centre;
    image->TransformIndexToPhysicalPoint(it.GetIndex(), centre);
    const PhantomTissue tissue = phantom.TissueAt(centre);
    bool                homogeneous = true;
    for (int neighbour = 0; neighbour < 27 && homogeneous; ++neighbour)
    {
      ThoraxPhantom::PointType point = centre;
      point[0] += margin * (neighbour % 3 - 1);
      point[1] += margin * (neighbour / 3 % 3 - 1);
      point[2] += margin * (neighbour / 9 - 1);
      homogeneous = phantom.InsideFieldOfView(point) && phantom.TissueAt(point) == tissue;
    }
    if (homogeneous)
    {
      ++interior;
      right += std::abs(it.Get() - NominalHounsfield(tissue)) <= 1;
    }
  }
  return interior ? static_cast<double>(right) / interior : 0.0;
}
} // namespace

TEST_CASE("A tilted stack is resampled so the anatomy lands where it is in patient space", "[phantom][dicom][tilt]")
{
  ThoraxPhantomParameters parameters;
  parameters.gantryTiltDegrees = 20.0;
  parameters.noiseSigma = 0.0;
  const Conversion conversion = WriteAndConvert(parameters, "phantom-tilt");
  REQUIRE(conversion.geometry.HasFinding("gantry-tilt"));
  REQUIRE(conversion.geometry.tiltDegrees == Approx(20.0).margin(0.01));
  for (unsigned int i = 0; i < 3; ++i) // an orthogonal grid: axial slices, identity direction
  {
    REQUIRE(conversion.image->GetDirection()[i][i] == Approx(1.0));
  }
  const ThoraxPhantom phantom(parameters);
  std::size_t         interior = 0;
  const double        corrected = FractionOfInteriorVoxelsRight(conversion.image, phantom, interior);

  // The same slices stacked as if the gantry were upright: what ignoring the tilt would give.
  HounsfieldVolumeReader::ImageType::Pointer uncorrected;
  {
    SliceStackGeometry naive = conversion.geometry;
    naive.needsResampling = false;
    naive.grid = naive.stackGrid;
    const double * d = naive.grid.direction.data();
    naive.grid.direction = { d[0], d[1], 0.0, d[3], d[4], 0.0, d[6], d[7], 1.0 };
    naive.stackGrid = naive.grid;
    uncorrected = HounsfieldVolumeReader(conversion.series, naive).Read();
  }
  std::size_t  interiorUncorrected = 0;
  const double ignored = FractionOfInteriorVoxelsRight(uncorrected, phantom, interiorUncorrected);
  INFO("interior voxels with the right HU: corrected " << corrected << " of " << interior << ", tilt ignored "
                                                       << ignored << " of " << interiorUncorrected);
  REQUIRE(interior > 10000);
  REQUIRE(corrected > 0.999); // a handful of thin vessels and ribs slip between the 27 probe points
  REQUIRE(ignored < 0.9);
}

TEST_CASE("Two different images at one slice position are refused, an exact duplicate is dropped", "[phantom][dicom]")
{
  const std::string       folder = TemporaryFolder("phantom-duplicates");
  ThoraxPhantomParameters parameters;
  parameters.slices = 8;
  parameters.hashedFileNames = false;
  const auto files = ThoraxPhantom(parameters).WriteDICOMSeries(folder);
  SECTION("the same file twice")
  {
    std::filesystem::copy_file(files[3], folder + "/copy-of-slice-4");
    const Conversion conversion = Convert(folder);
    REQUIRE(conversion.geometry.HasFinding("duplicate-files"));
    REQUIRE(conversion.geometry.droppedDuplicateFiles.size() == 1);
    REQUIRE(conversion.image->GetLargestPossibleRegion().GetSize(2) == 8);
  }
  SECTION("another acquisition under the same series UID")
  {
    ThoraxPhantomParameters other = parameters;
    other.seed = 2; // other noise and instance UIDs, same positions
    other.seriesInstanceUID = ThoraxPhantom(parameters).SeriesInstanceUID();
    ThoraxPhantom(other).WriteDICOMSeries(folder + "/second");
    const DICOMScanResult scan = ScanDICOMFolder(folder);
    REQUIRE(scan.series.size() == 1);
    REQUIRE_THROWS_AS(AnalyzeSliceStack(scan.series.front()), Error);
  }
}
