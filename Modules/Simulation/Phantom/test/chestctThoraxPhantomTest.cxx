#include "chestctThoraxPhantom.h"

#include "chestctError.h"
#include "chestctTestData.h"

#include "gdcmDataSet.h"
#include "gdcmFileMetaInformation.h"
#include "gdcmImage.h"
#include "gdcmImageReader.h"
#include "gdcmTransferSyntax.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using chestct::InvalidThoraxPhantomParameter;
using chestct::PhantomTissue;
using chestct::ThoraxPhantom;
using chestct::ThoraxPhantomParameters;

namespace
{

// Everything a test needs from one file, read back through GDCM as a reader would.
struct SliceFile
{
  std::string               path;
  gdcm::DataSet             dataSet;
  gdcm::TransferSyntax      transferSyntax;
  unsigned int              rows{ 0 };
  unsigned int              columns{ 0 };
  bool                      signedPixels{ false };
  std::vector<std::int32_t> stored; ///< row by row, as in the file
};

SliceFile
ReadSliceFile(const std::string & path)
{
  gdcm::ImageReader reader;
  reader.SetFileName(path.c_str());
  REQUIRE(reader.Read());
  const gdcm::Image & image = reader.GetImage();
  REQUIRE(image.GetNumberOfDimensions() == 2);
  REQUIRE(image.GetPixelFormat().GetBitsAllocated() == 16);
  REQUIRE(image.GetPixelFormat().GetSamplesPerPixel() == 1);

  SliceFile slice;
  slice.path = path;
  slice.dataSet = reader.GetFile().GetDataSet();
  slice.transferSyntax = reader.GetFile().GetHeader().GetDataSetTransferSyntax();
  slice.columns = image.GetDimension(0);
  slice.rows = image.GetDimension(1);
  slice.signedPixels = image.GetPixelFormat().GetPixelRepresentation() == 1;
  std::vector<char> buffer(image.GetBufferLength());
  REQUIRE(buffer.size() == 2u * slice.rows * slice.columns);
  REQUIRE(image.GetBuffer(buffer.data()));
  slice.stored.resize(buffer.size() / 2);
  for (std::size_t i = 0; i < slice.stored.size(); ++i)
  {
    const auto word = static_cast<std::uint16_t>(static_cast<unsigned char>(buffer[2 * i]) |
                                                 (static_cast<unsigned char>(buffer[2 * i + 1]) << 8));
    slice.stored[i] = slice.signedPixels ? static_cast<std::int16_t>(word) : word;
  }
  return slice;
}

// The text of an attribute as written (trailing padding removed), or "<absent>".
std::string
Text(const gdcm::DataSet & dataSet, std::uint16_t group, std::uint16_t element)
{
  const gdcm::Tag tag(group, element);
  if (!dataSet.FindDataElement(tag))
  {
    return "<absent>";
  }
  const gdcm::ByteValue * value = dataSet.GetDataElement(tag).GetByteValue();
  if (!value)
  {
    return "";
  }
  std::string text(value->GetPointer(), value->GetLength());
  while (!text.empty() && (text.back() == ' ' || text.back() == '\0'))
  {
    text.pop_back();
  }
  return text;
}

// A decimal-string or integer-string attribute's values.
std::vector<double>
Numbers(const gdcm::DataSet & dataSet, std::uint16_t group, std::uint16_t element)
{
  std::vector<double> numbers;
  std::stringstream   stream(Text(dataSet, group, element));
  std::string         item;
  while (std::getline(stream, item, '\\'))
  {
    numbers.push_back(std::stod(item));
  }
  return numbers;
}

// The acquisition slice a file belongs to, found from its ImagePositionPatient z as a reader would.
unsigned int
SliceIndexOf(const ThoraxPhantom & phantom, const SliceFile & slice)
{
  const std::vector<double> position = Numbers(slice.dataSet, 0x0020, 0x0032);
  REQUIRE(position.size() == 3);
  const ThoraxPhantomParameters & p = phantom.Parameters();
  const long                      k = std::lround(position[2] / p.sliceSpacing + 0.5 * (p.slices - 1));
  REQUIRE(k >= 0);
  REQUIRE(k < static_cast<long>(p.slices));
  REQUIRE(position[2] == Approx(phantom.ImagePositionPatient(k)[2]).margin(1e-4));
  return static_cast<unsigned int>(k);
}

std::string
FileContents(const std::string & path)
{
  std::ifstream stream(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
}

bool
IsValidUID(const std::string & uid)
{
  return !uid.empty() && uid.size() <= 64 && uid.front() != '.' && uid.back() != '.' &&
         uid.find("..") == std::string::npos &&
         std::all_of(uid.begin(), uid.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

ThoraxPhantom::PointType
Point(double x, double y, double z)
{
  ThoraxPhantom::PointType point;
  point[0] = x;
  point[1] = y;
  point[2] = z;
  return point;
}

// A small phantom, quick to write, with rows != columns so that swapping them cannot go unnoticed.
ThoraxPhantomParameters
SmallParameters()
{
  ThoraxPhantomParameters parameters;
  parameters.columns = 60;
  parameters.rows = 44;
  parameters.slices = 6;
  parameters.pixelSpacing = 6.0;
  parameters.sliceSpacing = 20.0;
  parameters.sliceThickness = 20.0;
  return parameters;
}

} // namespace

TEST_CASE("The phantom writes one file per slice present, under names that do not reveal the order")
{
  ThoraxPhantomParameters parameters;
  parameters.missingSlices = { 5, 6, 20 };
  const ThoraxPhantom            phantom(parameters);
  const std::string              folder = chestct::testing::TemporaryFolder("PhantomFiles");
  const std::vector<std::string> paths = phantom.WriteDICOMSeries(folder);

  REQUIRE(paths.size() == parameters.slices - parameters.missingSlices.size());
  CHECK(std::distance(fs::directory_iterator(folder), fs::directory_iterator()) == static_cast<long>(paths.size()));

  std::set<std::string>               names;
  std::vector<unsigned int>           sliceOfEachNameInNameOrder;
  std::map<std::string, unsigned int> sliceOfName;
  for (unsigned int k = 0, i = 0; k < parameters.slices; ++k)
  {
    if (!phantom.IsSliceWritten(k))
    {
      continue;
    }
    const std::string name = fs::path(paths[i++]).filename().string();
    CHECK(name == phantom.SliceFileName(k));
    CHECK(name.size() == 16);
    CHECK(name.find_first_not_of("0123456789abcdef") == std::string::npos); // no extension either
    names.insert(name);
    sliceOfName[name] = k;
  }
  CHECK(names.size() == paths.size());
  for (const auto & entry : sliceOfName) // std::map iterates in name order
  {
    sliceOfEachNameInNameOrder.push_back(entry.second);
  }
  CHECK_FALSE(std::is_sorted(sliceOfEachNameInNameOrder.begin(), sliceOfEachNameInNameOrder.end()));
  CHECK_FALSE(std::is_sorted(sliceOfEachNameInNameOrder.rbegin(), sliceOfEachNameInNameOrder.rend()));

  // The gap is real: no file holds a missing slice, and InstanceNumber keeps the acquisition numbering.
  std::set<unsigned int> slicesFound;
  for (const std::string & path : paths)
  {
    const SliceFile    slice = ReadSliceFile(path);
    const unsigned int k = SliceIndexOf(phantom, slice);
    CHECK(phantom.IsSliceWritten(k));
    CHECK(Numbers(slice.dataSet, 0x0020, 0x0013) == std::vector<double>{ double(phantom.InstanceNumber(k)) });
    slicesFound.insert(k);
  }
  CHECK(slicesFound.size() == paths.size());
  CHECK(slicesFound.count(5) == 0);
  CHECK(slicesFound.count(20) == 0);

  SECTION("plain names follow InstanceNumber, 1 at the head")
  {
    parameters.hashedFileNames = false;
    const ThoraxPhantom            plain(parameters);
    const std::vector<std::string> plainPaths =
      plain.WriteDICOMSeries(chestct::testing::TemporaryFolder("PhantomPlainNames"));
    REQUIRE(plainPaths.size() == paths.size());
    CHECK(fs::path(plainPaths.front()).filename() == "slice_0048.dcm"); // k = 0 is the lowest slice: the feet
    CHECK(fs::path(plainPaths.back()).filename() == "slice_0001.dcm");
  }
}

TEST_CASE("Every pixel read back through gdcm::ImageReader is exactly StoredValue")
{
  for (const bool signedPixels : { true, false })
  {
    ThoraxPhantomParameters parameters = SmallParameters();
    parameters.signedPixels = signedPixels;
    parameters.paddingStoredValue = signedPixels ? -2000 : 0;
    const ThoraxPhantom            phantom(parameters);
    const std::vector<std::string> paths = phantom.WriteDICOMSeries(
      chestct::testing::TemporaryFolder(signedPixels ? "PhantomPixelsSigned" : "PhantomPixelsUnsigned"));
    REQUIRE(paths.size() == parameters.slices);
    for (const std::string & path : paths)
    {
      const SliceFile slice = ReadSliceFile(path);
      CHECK(slice.signedPixels == signedPixels);
      REQUIRE(slice.columns == parameters.columns);
      REQUIRE(slice.rows == parameters.rows);
      const unsigned int              k = SliceIndexOf(phantom, slice);
      const std::vector<std::int32_t> expected = phantom.StoredSlice(k);
      REQUIRE(slice.stored == expected);
      std::size_t mismatches = 0;
      for (unsigned int row = 0; row < parameters.rows; ++row)
      {
        for (unsigned int column = 0; column < parameters.columns; ++column)
        {
          mismatches += phantom.StoredValue(k, row, column) != slice.stored[row * parameters.columns + column];
        }
      }
      CHECK(mismatches == 0);
    }
  }
}

TEST_CASE("The header holds the geometry, pixel description and identity as set")
{
  ThoraxPhantomParameters parameters;
  parameters.columns = 96;
  parameters.rows = 80;
  parameters.slices = 10;
  parameters.pixelSpacing = 3.683; // not a binary fraction, so text precision matters
  parameters.sliceSpacing = 7.3;
  parameters.sliceThickness = 2.5; // distinct from the spacing, as in overlapping reconstructions
  parameters.rescaleIntercept = -1024.0;
  parameters.seriesDescription = "Header test";
  const ThoraxPhantom            phantom(parameters);
  const std::vector<std::string> paths = phantom.WriteDICOMSeries(chestct::testing::TemporaryFolder("PhantomHeader"));
  REQUIRE(paths.size() == parameters.slices);

  CHECK(IsValidUID(phantom.StudyInstanceUID()));
  CHECK(IsValidUID(phantom.SeriesInstanceUID()));
  CHECK(IsValidUID(phantom.FrameOfReferenceUID()));
  std::set<std::string> sopInstanceUIDs;
  for (const std::string & path : paths)
  {
    const SliceFile       slice = ReadSliceFile(path);
    const gdcm::DataSet & ds = slice.dataSet;
    const unsigned int    k = SliceIndexOf(phantom, slice);
    INFO("slice " << k << ", file " << path);

    CHECK(slice.transferSyntax == gdcm::TransferSyntax::ExplicitVRLittleEndian);
    const std::vector<double> position = Numbers(ds, 0x0020, 0x0032);
    for (unsigned int i = 0; i < 3; ++i)
    {
      CHECK(position[i] == Approx(phantom.ImagePositionPatient(k)[i]).margin(1e-4));
    }
    CHECK(position[0] == Approx(-0.5 * (parameters.columns - 1) * parameters.pixelSpacing).margin(1e-4));
    CHECK(Numbers(ds, 0x0020, 0x0037) == std::vector<double>{ 1, 0, 0, 0, 1, 0 });
    const std::vector<double> spacing = Numbers(ds, 0x0028, 0x0030);
    REQUIRE(spacing.size() == 2);
    CHECK(spacing[0] == Approx(parameters.pixelSpacing).margin(1e-6));
    CHECK(spacing[1] == Approx(parameters.pixelSpacing).margin(1e-6));
    CHECK(Numbers(ds, 0x0018, 0x0050) == std::vector<double>{ 2.5 });
    CHECK(Numbers(ds, 0x0020, 0x1041)[0] == Approx(phantom.ImagePositionPatient(k)[2]).margin(1e-4));
    CHECK(Numbers(ds, 0x0018, 0x1120) == std::vector<double>{ 0.0 });
    CHECK(Numbers(ds, 0x0028, 0x1053) == std::vector<double>{ 1.0 });
    CHECK(Numbers(ds, 0x0028, 0x1052) == std::vector<double>{ -1024.0 });
    CHECK(Text(ds, 0x0028, 0x1054) == "HU");

    const gdcm::Tag paddingTag(0x0028, 0x0120);
    REQUIRE(ds.FindDataElement(paddingTag));
    CHECK(ds.GetDataElement(paddingTag).GetVR() == gdcm::VR::SS);
    const gdcm::ByteValue * padding = ds.GetDataElement(paddingTag).GetByteValue();
    REQUIRE(padding);
    REQUIRE(padding->GetLength() == 2);
    const auto paddingWord = static_cast<std::uint16_t>(static_cast<unsigned char>(padding->GetPointer()[0]) |
                                                        (static_cast<unsigned char>(padding->GetPointer()[1]) << 8));
    CHECK(static_cast<std::int16_t>(paddingWord) == -2000);

    CHECK(Text(ds, 0x0008, 0x0016) == "1.2.840.10008.5.1.4.1.1.2");
    CHECK(Text(ds, 0x0008, 0x0018) == phantom.SOPInstanceUID(k));
    CHECK(Text(ds, 0x0020, 0x000D) == phantom.StudyInstanceUID());
    CHECK(Text(ds, 0x0020, 0x000E) == phantom.SeriesInstanceUID());
    CHECK(Text(ds, 0x0020, 0x0052) == phantom.FrameOfReferenceUID());
    CHECK(IsValidUID(Text(ds, 0x0008, 0x0018)));
    sopInstanceUIDs.insert(Text(ds, 0x0008, 0x0018));
    CHECK(Text(ds, 0x0008, 0x0060) == "CT");
    CHECK(Text(ds, 0x0008, 0x0008) == "ORIGINAL\\PRIMARY\\AXIAL");
    CHECK(Text(ds, 0x0010, 0x0010) == "Phantom^Thorax");
    CHECK(Text(ds, 0x0010, 0x0020) == "CHESTCT-PHANTOM");
    CHECK(Text(ds, 0x0008, 0x0020) == "20200101");
    CHECK(Text(ds, 0x0008, 0x0021) == "20200101");
    CHECK(Text(ds, 0x0008, 0x0070) == "ChestCT");
    CHECK(Text(ds, 0x0018, 0x1210) == "PHANTOM");
    CHECK(Text(ds, 0x0008, 0x103E) == "Header test");
    CHECK(Text(ds, 0x0020, 0x0011) == "1");
    CHECK(Numbers(ds, 0x0020, 0x0013) == std::vector<double>{ double(parameters.slices - k) });
    CHECK(Text(ds, 0x0018, 0x5100) == "HFS");
    CHECK(Numbers(ds, 0x0018, 0x0060) == std::vector<double>{ 120.0 });
    CHECK(Text(ds, 0x0028, 0x0004) == "MONOCHROME2");
    CHECK(Text(ds, 0x0028, 0x0100) != "<absent>");
  }
  CHECK(sopInstanceUIDs.size() == paths.size());
}

TEST_CASE("The same parameters give byte-identical files, another seed other files")
{
  const ThoraxPhantomParameters  parameters = SmallParameters();
  const ThoraxPhantom            phantom(parameters);
  const std::vector<std::string> first = phantom.WriteDICOMSeries(chestct::testing::TemporaryFolder("PhantomSameA"));
  const std::vector<std::string> second =
    ThoraxPhantom(parameters).WriteDICOMSeries(chestct::testing::TemporaryFolder("PhantomSameB"));
  REQUIRE(first.size() == second.size());
  for (std::size_t i = 0; i < first.size(); ++i)
  {
    CHECK(fs::path(first[i]).filename() == fs::path(second[i]).filename());
    CHECK(FileContents(first[i]) == FileContents(second[i]));
  }
  // And from one version to the next: the default phantom's series UID, as the version before the radiotherapy
  // setting wrote it (options added later change it only when they are given).
  CHECK(ThoraxPhantom().SeriesInstanceUID() == "1.2.826.0.1.3680043.10.1083.3.30157155992988");

  SECTION("file naming does not change the content")
  {
    ThoraxPhantomParameters plainParameters = parameters;
    plainParameters.hashedFileNames = false;
    const std::vector<std::string> plain =
      ThoraxPhantom(plainParameters).WriteDICOMSeries(chestct::testing::TemporaryFolder("PhantomSamePlain"));
    REQUIRE(plain.size() == first.size());
    for (std::size_t i = 0; i < first.size(); ++i)
    {
      CHECK(FileContents(first[i]) == FileContents(plain[i]));
    }
  }

  SECTION("another seed changes the noise, the identity and the names, not the anatomy")
  {
    ThoraxPhantomParameters otherParameters = parameters;
    otherParameters.seed = 2;
    const ThoraxPhantom            other(otherParameters);
    const std::vector<std::string> otherPaths =
      other.WriteDICOMSeries(chestct::testing::TemporaryFolder("PhantomOtherSeed"));
    REQUIRE(otherPaths.size() == first.size());
    CHECK(other.SeriesInstanceUID() != phantom.SeriesInstanceUID());
    CHECK(other.StudyInstanceUID() != phantom.StudyInstanceUID());
    for (std::size_t i = 0; i < first.size(); ++i)
    {
      CHECK(fs::path(otherPaths[i]).filename() != fs::path(first[i]).filename());
      CHECK(FileContents(otherPaths[i]) != FileContents(first[i]));
    }
    std::size_t inside = 0;
    std::size_t differing = 0;
    std::size_t otherAnatomy = 0;
    for (unsigned int row = 0; row < parameters.rows; ++row)
    {
      for (unsigned int column = 0; column < parameters.columns; ++column)
      {
        const auto point = phantom.PixelCenter(2, row, column);
        otherAnatomy += other.TissueAt(point) != phantom.TissueAt(point);
        if (phantom.InsideFieldOfView(point))
        {
          ++inside;
          differing += other.StoredValue(2, row, column) != phantom.StoredValue(2, row, column);
        }
      }
    }
    CHECK(differing > inside / 2);
    CHECK(otherAnatomy == 0);
  }

  SECTION("different phantoms side by side never share a series")
  {
    ThoraxPhantomParameters described = parameters;
    described.seriesDescription = "Another";
    CHECK(ThoraxPhantom(described).SeriesInstanceUID() != phantom.SeriesInstanceUID());
    CHECK(ThoraxPhantom(described).StudyInstanceUID() == phantom.StudyInstanceUID()); // same patient, same study
    CHECK(ThoraxPhantom(described).SliceFileName(0) != phantom.SliceFileName(0));
  }
}

TEST_CASE(
  "ExpectedHounsfieldImage holds stored*slope+intercept and -1024 outside the field of view, on the acquisition grid")
{
  const ThoraxPhantom                       phantom;
  const ThoraxPhantomParameters &           p = phantom.Parameters();
  const ThoraxPhantom::HUImageType::Pointer image = phantom.ExpectedHounsfieldImage();

  const auto size = image->GetLargestPossibleRegion().GetSize();
  CHECK(size[0] == p.columns);
  CHECK(size[1] == p.rows);
  CHECK(size[2] == p.slices);
  for (unsigned int i = 0; i < 3; ++i)
  {
    CHECK(image->GetOrigin()[i] == Approx(phantom.ImagePositionPatient(0)[i]).margin(1e-9));
    for (unsigned int j = 0; j < 3; ++j)
    {
      CHECK(image->GetDirection()(i, j) == (i == j ? 1.0 : 0.0));
    }
  }
  CHECK(image->GetSpacing()[0] == p.pixelSpacing);
  CHECK(image->GetSpacing()[1] == p.pixelSpacing);
  CHECK(image->GetSpacing()[2] == p.sliceSpacing);

  for (const unsigned int k : { 0u, 17u, 30u, 47u })
  {
    INFO("slice " << k);
    std::size_t padding = 0;
    std::size_t mismatches = 0;
    std::size_t misplaced = 0;
    std::size_t implausible = 0;
    for (unsigned int row = 0; row < p.rows; ++row)
    {
      for (unsigned int column = 0; column < p.columns; ++column)
      {
        const itk::Index<3>      index = { { column, row, k } };
        const short              expected = image->GetPixel(index);
        const std::int32_t       stored = phantom.StoredValue(k, row, column);
        const auto               point = phantom.PixelCenter(k, row, column);
        ThoraxPhantom::PointType voxelCentre;
        image->TransformIndexToPhysicalPoint(index, voxelCentre);
        misplaced += voxelCentre.EuclideanDistanceTo(point) > 1e-9;
        if (!phantom.InsideFieldOfView(point))
        {
          ++padding;
          mismatches += stored != p.paddingStoredValue || expected != -1024;
        }
        else
        {
          mismatches += expected != stored - 1024;
          // Noise of 15 HU never strays 8 sigma from the anatomy.
          implausible += std::abs(expected - phantom.NominalHounsfieldAt(point)) > 120;
        }
      }
    }
    CHECK(padding > 0);
    CHECK(mismatches == 0);
    CHECK(misplaced == 0);
    CHECK(implausible == 0);
  }

  SECTION("the field of view's corners are padding on every slice")
  {
    for (unsigned int k = 0; k < p.slices; ++k)
    {
      CHECK(phantom.StoredValue(k, 0, 0) == p.paddingStoredValue);
      CHECK(phantom.StoredValue(k, 0, p.columns - 1) == p.paddingStoredValue);
      CHECK(phantom.StoredValue(k, p.rows - 1, 0) == p.paddingStoredValue);
      CHECK(phantom.StoredValue(k, p.rows - 1, p.columns - 1) == p.paddingStoredValue);
      CHECK(phantom.StoredValue(k, p.rows / 2, p.columns / 2) != p.paddingStoredValue);
    }
  }

  SECTION("tilted or gapped series have no such volume")
  {
    ThoraxPhantomParameters tilted;
    tilted.gantryTiltDegrees = 10;
    CHECK_THROWS_AS(ThoraxPhantom(tilted).ExpectedHounsfieldImage(), chestct::Error);
    CHECK_THROWS_AS(ThoraxPhantom(tilted).LungLabelImage(), chestct::Error);
    ThoraxPhantomParameters gapped;
    gapped.missingSlices = { 3 };
    CHECK_THROWS_AS(ThoraxPhantom(gapped).ExpectedHounsfieldImage(), chestct::Error);
    CHECK(ThoraxPhantom(gapped).LungLabelImage()->GetLargestPossibleRegion().GetSize()[2] == gapped.slices);
  }
}

TEST_CASE("Without noise every pixel is its tissue's nominal value at the pixel's position")
{
  for (const double tilt : { 0.0, 20.0 })
  {
    ThoraxPhantomParameters parameters = SmallParameters();
    parameters.noiseSigma = 0.0;
    parameters.gantryTiltDegrees = tilt;
    const ThoraxPhantom phantom(parameters);
    INFO("tilt " << tilt);
    std::size_t mismatches = 0;
    std::size_t inside = 0;
    for (unsigned int k = 0; k < parameters.slices; ++k)
    {
      const std::vector<std::int32_t> stored = phantom.StoredSlice(k);
      for (unsigned int row = 0; row < parameters.rows; ++row)
      {
        for (unsigned int column = 0; column < parameters.columns; ++column)
        {
          const auto         point = phantom.PixelCenter(k, row, column);
          const std::int32_t value = stored[row * parameters.columns + column];
          if (phantom.InsideFieldOfView(point))
          {
            ++inside;
            mismatches += value + parameters.rescaleIntercept != phantom.NominalHounsfieldAt(point);
          }
          else
          {
            mismatches += value != parameters.paddingStoredValue;
          }
        }
      }
    }
    CHECK(inside > 0);
    CHECK(mismatches == 0);
  }
}

TEST_CASE("The noise is Gaussian with the requested sigma, a pure function of seed, slice, row and column")
{
  const ThoraxPhantom phantom;
  double              sum = 0;
  double              sumOfSquares = 0;
  std::size_t         count = 0;
  for (unsigned int k = 0; k < 48; k += 6)
  {
    for (unsigned int row = 0; row < 128; ++row)
    {
      for (unsigned int column = 0; column < 128; ++column)
      {
        const double noise = phantom.NoiseHounsfield(k, row, column);
        sum += noise;
        sumOfSquares += noise * noise;
        ++count;
      }
    }
  }
  const double mean = sum / count;
  const double sigma = std::sqrt(sumOfSquares / count - mean * mean);
  CHECK(std::abs(mean) < 0.3);
  CHECK(sigma == Approx(15.0).epsilon(0.02));

  // Evaluation order does not matter: backwards, pixel by pixel, equals the slice generated at once.
  const std::vector<std::int32_t> slice = phantom.StoredSlice(9);
  std::size_t                     mismatches = 0;
  for (unsigned int row = 128; row-- > 0;)
  {
    for (unsigned int column = 128; column-- > 0;)
    {
      mismatches += phantom.StoredValue(9, row, column) != slice[row * 128 + column];
    }
  }
  CHECK(mismatches == 0);
  CHECK(phantom.NoiseHounsfield(3, 4, 5) == ThoraxPhantom().NoiseHounsfield(3, 4, 5));
  CHECK(phantom.NoiseHounsfield(3, 4, 5) != phantom.NoiseHounsfield(3, 5, 4));
}

TEST_CASE("The anatomy is where a chest's is")
{
  const ThoraxPhantom             phantom;
  const ThoraxPhantomParameters & p = phantom.Parameters();
  const double                    d = 2 * phantom.FieldOfViewRadius();
  const double                    h = 0.5 * p.slices * p.sliceSpacing;

  SECTION("landmarks")
  {
    // LPS: +x is the patient's left, so the right lung lies at negative x.
    CHECK(phantom.TissueAt(Point(-0.18 * d, 0, 0)) == PhantomTissue::RightLung);
    CHECK(phantom.LungLabelAt(Point(-0.18 * d, 0, 0)) == 1);
    CHECK(phantom.TissueAt(Point(0.18 * d, 0, 0)) == PhantomTissue::LeftLung);
    CHECK(phantom.LungLabelAt(Point(0.18 * d, 0, 0)) == 2);
    CHECK(phantom.NominalHounsfieldAt(Point(0.18 * d, 0, 0)) == -850);
    CHECK(phantom.TissueAt(Point(0, 0, 0)) == PhantomTissue::Muscle); // the mediastinum
    CHECK(phantom.TissueAt(Point(0, 0.07 * d, 0.6 * h)) == PhantomTissue::Trachea);
    CHECK(phantom.NominalHounsfieldAt(Point(0, 0.07 * d, 0.6 * h)) == -1000);
    CHECK(phantom.LungLabelAt(Point(0, 0.07 * d, 0.6 * h)) == 0);
    CHECK(phantom.TissueAt(Point(0, 0.07 * d, -0.5 * h)) == PhantomTissue::Muscle); // below the carina
    for (const double z : { -0.9 * h, 0.0, 0.9 * h })
    {
      CHECK(phantom.TissueAt(Point(0, 0.175 * d, z)) == PhantomTissue::Bone);
      CHECK(phantom.NominalHounsfieldAt(Point(0, 0.175 * d, z)) == 700);
    }
    CHECK(phantom.TissueAt(Point(0.41 * d, 0, 0)) == PhantomTissue::Fat);
    CHECK(phantom.NominalHounsfieldAt(Point(0.41 * d, 0, 0)) == -100);
    CHECK(phantom.TissueAt(Point(0, 0.32 * d, 0)) == PhantomTissue::Table); // posterior: +y
    CHECK(phantom.TissueAt(Point(0, -0.32 * d, 0)) == PhantomTissue::Outside);
    CHECK(phantom.TissueAt(Point(0.46 * d, 0, 0)) == PhantomTissue::Outside);
    CHECK(phantom.InsideFieldOfView(Point(0.46 * d, 0, 0)));
    CHECK_FALSE(phantom.InsideFieldOfView(Point(0.52 * d, 0, 0)));
    CHECK(phantom.TissueAt(Point(-0.18 * d, 0, 0.95 * h)) == PhantomTissue::Muscle); // above the apex
  }

  SECTION("lung volumes, sides, separation and taper")
  {
    const ThoraxPhantom::LabelImageType::Pointer labels = phantom.LungLabelImage();
    const double                                 voxelVolume = p.pixelSpacing * p.pixelSpacing * p.sliceSpacing;
    std::size_t                                  voxels[3] = { 0, 0, 0 };
    std::size_t                                  wrongSide = 0;
    std::size_t                                  notLungLabelAt = 0;
    double                                       narrowestMediastinum = 1e9;
    std::vector<std::size_t>                     lungAreaPerSlice(p.slices, 0);
    for (unsigned int k = 0; k < p.slices; ++k)
    {
      double rightmostOfRightLung = -1e9; // largest x labelled 1
      double leftmostOfLeftLung = 1e9;    // smallest x labelled 2
      for (unsigned int row = 0; row < p.rows; ++row)
      {
        for (unsigned int column = 0; column < p.columns; ++column)
        {
          const itk::Index<3> index = { { column, row, k } };
          const unsigned char label = labels->GetPixel(index);
          if (label > 2)
          {
            FAIL("lung label " << int(label) << " at index " << index);
          }
          ++voxels[label];
          ThoraxPhantom::PointType point;
          labels->TransformIndexToPhysicalPoint(index, point);
          notLungLabelAt += label != phantom.LungLabelAt(point);
          if (label == 1)
          {
            wrongSide += point[0] >= 0;
            rightmostOfRightLung = std::max(rightmostOfRightLung, point[0]);
          }
          if (label == 2)
          {
            wrongSide += point[0] <= 0;
            leftmostOfLeftLung = std::min(leftmostOfLeftLung, point[0]);
          }
          lungAreaPerSlice[k] += label != 0;
        }
      }
      if (rightmostOfRightLung > -1e9 && leftmostOfLeftLung < 1e9)
      {
        narrowestMediastinum = std::min(narrowestMediastinum, leftmostOfLeftLung - rightmostOfRightLung);
      }
    }
    const double rightLitres = voxels[1] * voxelVolume * 1e-6;
    const double leftLitres = voxels[2] * voxelVolume * 1e-6;
    INFO("right lung " << rightLitres << " L, left lung " << leftLitres << " L");
    CHECK(rightLitres > 0.8);
    CHECK(rightLitres < 3.0);
    CHECK(leftLitres > 0.8);
    CHECK(leftLitres < 3.0);
    CHECK(rightLitres / leftLitres > 1.0); // the right lung is the larger, as in real chests
    CHECK(rightLitres / leftLitres < 1.15);
    CHECK(wrongSide == 0);
    CHECK(notLungLabelAt == 0);
    CHECK(narrowestMediastinum > 20.0); // mm: the lungs never touch
    const std::size_t largest = *std::max_element(lungAreaPerSlice.begin(), lungAreaPerSlice.end());
    CHECK(lungAreaPerSlice.front() == 0); // below the bases
    CHECK(lungAreaPerSlice.back() == 0);  // above the apices
    std::size_t firstWithLung = 0;
    while (lungAreaPerSlice[firstWithLung] == 0)
    {
      ++firstWithLung;
    }
    std::size_t lastWithLung = p.slices - 1;
    while (lungAreaPerSlice[lastWithLung] == 0)
    {
      --lastWithLung;
    }
    CHECK(lungAreaPerSlice[firstWithLung] < largest * 3 / 4); // the base tapers
    CHECK(lungAreaPerSlice[lastWithLung] < largest / 2);      // the apex tapers more
  }

  SECTION("trachea between the lungs and anterior to the spine; ribs and vessels present")
  {
    const double z = 0.6 * h;
    double       tracheaMinX = 1e9, tracheaMaxX = -1e9, tracheaMaxY = -1e9;
    double       rightLungMaxX = -1e9, leftLungMinX = 1e9, spineMinY = 1e9;
    std::size_t  ribPixels = 0, vesselPixels[3] = { 0, 0, 0 };
    for (double x = -0.5 * d; x <= 0.5 * d; x += 1.0)
    {
      for (double y = -0.5 * d; y <= 0.5 * d; y += 1.0)
      {
        const auto          point = Point(x, y, z);
        const PhantomTissue tissue = phantom.TissueAt(point);
        if (tissue == PhantomTissue::Trachea)
        {
          tracheaMinX = std::min(tracheaMinX, x);
          tracheaMaxX = std::max(tracheaMaxX, x);
          tracheaMaxY = std::max(tracheaMaxY, y);
        }
        if (tissue == PhantomTissue::RightLung)
        {
          rightLungMaxX = std::max(rightLungMaxX, x);
        }
        if (tissue == PhantomTissue::LeftLung)
        {
          leftLungMinX = std::min(leftLungMinX, x);
        }
        if (tissue == PhantomTissue::Bone && std::abs(x) < 0.06 * d)
        {
          spineMinY = std::min(spineMinY, y);
        }
        ribPixels += tissue == PhantomTissue::Bone && std::abs(x) > 0.1 * d;
        if (tissue == PhantomTissue::Vessel)
        {
          ++vesselPixels[phantom.LungLabelAt(point)];
        }
      }
    }
    CHECK(tracheaMinX > rightLungMaxX);
    CHECK(tracheaMaxX < leftLungMinX);
    CHECK(tracheaMaxY < spineMinY);
    CHECK(ribPixels > 0);
    CHECK(vesselPixels[0] == 0); // vessels lie inside a lung, and count as it
    CHECK(vesselPixels[1] > 0);
    CHECK(vesselPixels[2] > 0);
  }

  SECTION("ribs cut each slice differently")
  {
    auto ribMask = [&](unsigned int k) {
      std::vector<bool> mask;
      for (unsigned int row = 0; row < p.rows; ++row)
      {
        for (unsigned int column = 0; column < p.columns; ++column)
        {
          const auto point = phantom.PixelCenter(k, row, column);
          mask.push_back(phantom.TissueAt(point) == PhantomTissue::Bone && std::abs(point[0]) > 0.1 * d);
        }
      }
      return mask;
    };
    const std::vector<bool> middle = ribMask(24);
    CHECK(middle != ribMask(25));
    CHECK(std::count(middle.begin(), middle.end(), true) > 0);
  }
}

TEST_CASE("A radiotherapy setting: the same anatomy in a wider field with the arms up and a hollow couch top")
{
  const ThoraxPhantom     standard;
  ThoraxPhantomParameters wide;
  wide.columns = 256; // at the same 3 mm: a field of view twice as wide, the pixel centres a superset
  wide.rows = 256;
  wide.anatomyDiameter = standard.AnatomyDiameter();
  wide.armsUp = true;
  wide.couchTop = true;
  const ThoraxPhantom rt(wide);
  const double        d = rt.AnatomyDiameter();
  const double        h = 0.5 * wide.slices * wide.sliceSpacing;
  REQUIRE(d == Approx(2 * standard.FieldOfViewRadius()));
  REQUIRE(rt.FieldOfViewRadius() == Approx(2 * standard.FieldOfViewRadius()));

  SECTION("the lungs are the standard phantom's, voxel for voxel")
  {
    const auto  small = standard.LungLabelImage();
    const auto  large = rt.LungLabelImage();
    std::size_t differing = 0, lung = 0, lungOutsideTheSmallGrid = 0;
    for (unsigned int k = 0; k < wide.slices; ++k)
      for (unsigned int row = 0; row < wide.rows; ++row)
        for (unsigned int column = 0; column < wide.columns; ++column)
        {
          const unsigned char label = large->GetPixel({ { column, row, k } });
          lung += label != 0;
          if (row < 64 || row >= 192 || column < 64 || column >= 192)
            lungOutsideTheSmallGrid += label != 0;
          else
            differing += label != small->GetPixel({ { column - 64, row - 64, k } });
        }
    CHECK(lung > 10000);
    CHECK(differing == 0);
    CHECK(lungOutsideTheSmallGrid == 0);
  }

  SECTION(
    "the couch top is a shell of 3 mm round foam, 500 mm wide (or as wide as asked) and 51 mm thick, under the back")
  {
    const double front = 0.305 * d; // the standard table's front
    CHECK(rt.TissueAt(Point(0, front + 1, 0)) == PhantomTissue::CouchShell);
    CHECK(rt.NominalHounsfieldAt(Point(0, front + 1, 0)) == 300);
    CHECK(rt.TissueAt(Point(0, front + 25, 0)) == PhantomTissue::CouchFoam);
    CHECK(rt.NominalHounsfieldAt(Point(0, front + 25, 0)) == -950);
    CHECK(rt.TissueAt(Point(240, front + 25, 0)) == PhantomTissue::CouchFoam);
    CHECK(rt.TissueAt(Point(248.5, front + 25, 0)) == PhantomTissue::CouchShell);
    CHECK(rt.TissueAt(Point(251, front + 25, 0)) == PhantomTissue::Outside);
    CHECK(rt.TissueAt(Point(0, front + 49.5, 0)) == PhantomTissue::CouchShell);
    CHECK(rt.TissueAt(Point(0, front + 52, 0)) == PhantomTissue::Outside);
    CHECK(standard.TissueAt(Point(0, front + 1, 0)) == PhantomTissue::Table);

    ThoraxPhantomParameters narrow = wide;
    narrow.couchTopWidth = 150.0;
    const ThoraxPhantom narrowed(narrow);
    CHECK(narrowed.TissueAt(Point(70, front + 25, 0)) == PhantomTissue::CouchFoam);
    CHECK(narrowed.TissueAt(Point(73.5, front + 25, 0)) == PhantomTissue::CouchShell);
    CHECK(narrowed.TissueAt(Point(76, front + 25, 0)) == PhantomTissue::Outside);
    CHECK(narrowed.SeriesInstanceUID() != rt.SeriesInstanceUID());
  }

  SECTION("the arms are up beside the top quarter of the stack, clear of the body")
  {
    for (const double side : { -1.0, 1.0 })
    {
      CHECK(rt.TissueAt(Point(side * 0.56 * d, 0.05 * d, 0.6 * h)) == PhantomTissue::Bone);
      CHECK(rt.TissueAt(Point(side * 0.64 * d, 0.05 * d, 0.6 * h)) == PhantomTissue::Muscle);
      CHECK(rt.TissueAt(Point(side * 0.44 * d, 0.05 * d, 0.6 * h)) == PhantomTissue::Outside); // the gap
      CHECK(rt.TissueAt(Point(side * 0.56 * d, 0.05 * d, 0.4 * h)) == PhantomTissue::Outside); // below them
      CHECK(rt.InsideFieldOfView(Point(side * 0.67 * d, 0.05 * d, 0.6 * h)));
    }
    ThoraxPhantomParameters down = wide;
    down.armsUp = false;
    CHECK(ThoraxPhantom(down).TissueAt(Point(0.56 * d, 0.05 * d, 0.6 * h)) == PhantomTissue::Outside);
  }

  SECTION("another anatomy diameter is another series")
  {
    ThoraxPhantomParameters other = wide;
    other.anatomyDiameter = 300.0;
    CHECK(ThoraxPhantom(other).SeriesInstanceUID() != rt.SeriesInstanceUID());
  }
}

TEST_CASE("Feet first: IOP (-1,0,0,0,1,0), InstanceNumber 1 at the feet, SliceLocation of opposite sign to IPP z")
{
  ThoraxPhantomParameters parameters = SmallParameters();
  parameters.feetFirst = true;
  const ThoraxPhantom            phantom(parameters);
  const std::vector<std::string> paths =
    phantom.WriteDICOMSeries(chestct::testing::TemporaryFolder("PhantomFeetFirst"));
  REQUIRE(paths.size() == parameters.slices);
  for (const std::string & path : paths)
  {
    const SliceFile       slice = ReadSliceFile(path);
    const gdcm::DataSet & ds = slice.dataSet;
    const unsigned int    k = SliceIndexOf(phantom, slice);
    INFO("slice " << k);
    CHECK(Numbers(ds, 0x0020, 0x0037) == std::vector<double>{ -1, 0, 0, 0, 1, 0 });
    CHECK(Text(ds, 0x0018, 0x5100) == "FFS");
    const double z = Numbers(ds, 0x0020, 0x0032)[2];
    CHECK(Numbers(ds, 0x0020, 0x0032)[0] == Approx(0.5 * (parameters.columns - 1) * parameters.pixelSpacing));
    CHECK(Numbers(ds, 0x0020, 0x1041)[0] == Approx(-z).margin(1e-4));
    CHECK(z != 0.0);
    CHECK(Numbers(ds, 0x0020, 0x0013) == std::vector<double>{ double(k + 1) }); // the lowest z is 1
    REQUIRE(slice.stored == phantom.StoredSlice(k));
  }

  // The volume runs along the normal, -z: its first slice is the highest; the anatomy does not move.
  const ThoraxPhantom::HUImageType::Pointer image = phantom.ExpectedHounsfieldImage();
  CHECK(image->GetDirection()(0, 0) == -1.0);
  CHECK(image->GetDirection()(1, 1) == 1.0);
  CHECK(image->GetDirection()(2, 2) == -1.0);
  CHECK(image->GetOrigin()[2] == Approx(phantom.ImagePositionPatient(parameters.slices - 1)[2]));
  CHECK(phantom.AcquisitionSliceOfVolumeSlice(0) == parameters.slices - 1);
  const double  d = 2 * phantom.FieldOfViewRadius();
  itk::Index<3> rightLung;
  REQUIRE(image->TransformPhysicalPointToIndex(Point(-0.18 * d, 0, phantom.ImagePositionPatient(3)[2]), rightLung));
  CHECK(image->GetPixel(rightLung) < -700);
  CHECK(rightLung[0] > static_cast<long>(parameters.columns / 2)); // patient right is the image's right feet first
  CHECK(phantom.LungLabelImage()->GetPixel(rightLung) == 1);
  std::size_t mismatches = 0;
  for (unsigned int m = 0; m < parameters.slices; ++m)
  {
    const std::vector<std::int32_t> stored = phantom.StoredSlice(phantom.AcquisitionSliceOfVolumeSlice(m));
    for (unsigned int i = 0; i < stored.size(); ++i)
    {
      const itk::Index<3> index = { { i % parameters.columns, i / parameters.columns, m } };
      mismatches += image->GetPixel(index) != phantom.ExpectedHounsfieldFromStored(stored[i]);
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("A tilted gantry moves ImagePositionPatient y by sliceSpacing*tan(tilt) per slice, orientation staying axial")
{
  ThoraxPhantomParameters parameters = SmallParameters();
  parameters.gantryTiltDegrees = 15.0;
  const ThoraxPhantom phantom(parameters);
  const double        step = parameters.sliceSpacing * std::tan(15.0 * 3.14159265358979323846 / 180.0);
  for (unsigned int k = 0; k + 1 < parameters.slices; ++k)
  {
    CHECK(phantom.ImagePositionPatient(k + 1)[1] - phantom.ImagePositionPatient(k)[1] == Approx(step).margin(1e-9));
    CHECK(phantom.ImagePositionPatient(k + 1)[2] - phantom.ImagePositionPatient(k)[2] ==
          Approx(parameters.sliceSpacing).margin(1e-9));
    CHECK(phantom.ImagePositionPatient(k + 1)[0] == phantom.ImagePositionPatient(k)[0]);
  }

  const std::vector<std::string> paths = phantom.WriteDICOMSeries(chestct::testing::TemporaryFolder("PhantomTilt"));
  std::map<unsigned int, std::vector<double>> positions;
  for (const std::string & path : paths)
  {
    const SliceFile    slice = ReadSliceFile(path);
    const unsigned int k = SliceIndexOf(phantom, slice);
    positions[k] = Numbers(slice.dataSet, 0x0020, 0x0032);
    CHECK(Numbers(slice.dataSet, 0x0020, 0x0037) == std::vector<double>{ 1, 0, 0, 0, 1, 0 });
    CHECK(Numbers(slice.dataSet, 0x0018, 0x1120) == std::vector<double>{ 15.0 });
    // The field of view follows the slice centre: corners are padding, the centre never is.
    CHECK(slice.stored.front() == parameters.paddingStoredValue);
    CHECK(slice.stored[(parameters.rows / 2) * parameters.columns + parameters.columns / 2] !=
          parameters.paddingStoredValue);
  }
  REQUIRE(positions.size() == parameters.slices);
  for (unsigned int k = 0; k + 1 < parameters.slices; ++k)
  {
    CHECK(positions[k + 1][1] - positions[k][1] == Approx(step).margin(1e-4));
  }
}

TEST_CASE("Unsigned pixels never store negative values, nor the padding value inside the field of view")
{
  ThoraxPhantomParameters parameters = SmallParameters();
  parameters.signedPixels = false;
  parameters.paddingStoredValue = 0;
  parameters.noiseSigma = 40.0; // plenty of air below -1024 HU, which must clamp
  const ThoraxPhantom            phantom(parameters);
  const std::vector<std::string> paths = phantom.WriteDICOMSeries(chestct::testing::TemporaryFolder("PhantomUnsigned"));
  std::size_t                    clamped = 0;
  std::size_t                    negative = 0;
  std::size_t                    paddingNotOutside = 0;
  for (const std::string & path : paths)
  {
    const SliceFile slice = ReadSliceFile(path);
    CHECK_FALSE(slice.signedPixels);
    CHECK(Text(slice.dataSet, 0x0028, 0x0103) != "<absent>");
    const gdcm::DataElement & padding = slice.dataSet.GetDataElement(gdcm::Tag(0x0028, 0x0120));
    CHECK(padding.GetVR() == gdcm::VR::US);
    REQUIRE(padding.GetByteValue());
    CHECK(padding.GetByteValue()->GetLength() == 2);
    CHECK(padding.GetByteValue()->GetPointer()[0] == 0);
    CHECK(padding.GetByteValue()->GetPointer()[1] == 0);
    const unsigned int k = SliceIndexOf(phantom, slice);
    REQUIRE(slice.stored == phantom.StoredSlice(k));
    for (unsigned int i = 0; i < slice.stored.size(); ++i)
    {
      const auto point = phantom.PixelCenter(k, i / parameters.columns, i % parameters.columns);
      negative += slice.stored[i] < 0;
      paddingNotOutside += (slice.stored[i] == 0) != !phantom.InsideFieldOfView(point);
      clamped += slice.stored[i] == 1;
    }
  }
  CHECK(negative == 0);
  CHECK(paddingNotOutside == 0);
  CHECK(clamped > 0); // air below -1024 HU is stored as 1: 0 is the padding value

  ThoraxPhantomParameters impossible = parameters;
  impossible.paddingStoredValue = -2000;
  CHECK_THROWS_AS(ThoraxPhantom(impossible), chestct::Error);
}

TEST_CASE("Rescale slope 2, intercept -1024, and a non-integer slope round-trip exactly")
{
  SECTION("slope 2")
  {
    ThoraxPhantomParameters parameters = SmallParameters();
    parameters.rescaleSlope = 2.0;
    parameters.rescaleIntercept = -1024.0;
    const ThoraxPhantom                       phantom(parameters);
    const ThoraxPhantom::HUImageType::Pointer image = phantom.ExpectedHounsfieldImage();
    const std::vector<std::string> paths = phantom.WriteDICOMSeries(chestct::testing::TemporaryFolder("PhantomSlope2"));
    std::size_t                    mismatches = 0;
    std::size_t                    inexact = 0;
    for (const std::string & path : paths)
    {
      const SliceFile slice = ReadSliceFile(path);
      CHECK(Numbers(slice.dataSet, 0x0028, 0x1053) == std::vector<double>{ 2.0 });
      CHECK(Numbers(slice.dataSet, 0x0028, 0x1052) == std::vector<double>{ -1024.0 });
      const unsigned int k = SliceIndexOf(phantom, slice);
      for (unsigned int i = 0; i < slice.stored.size(); ++i)
      {
        const unsigned int  row = i / parameters.columns;
        const unsigned int  column = i % parameters.columns;
        const itk::Index<3> index = { { column, row, k } };
        const short         expected = image->GetPixel(index);
        if (slice.stored[i] == parameters.paddingStoredValue)
        {
          mismatches += expected != -1024;
          continue;
        }
        mismatches += expected != slice.stored[i] * 2 - 1024;
        const auto   point = phantom.PixelCenter(k, row, column);
        const double exact = phantom.NominalHounsfieldAt(point) + phantom.NoiseHounsfield(k, row, column);
        inexact += std::abs(expected - exact) > 1.0; // half the slope
      }
    }
    CHECK(mismatches == 0);
    CHECK(inexact == 0);
  }

  SECTION("slope 0.7, intercept -1000.5: the expected HU is std::round(stored*slope+intercept)")
  {
    ThoraxPhantomParameters parameters = SmallParameters();
    parameters.rescaleSlope = 0.7;
    parameters.rescaleIntercept = -1000.5;
    const ThoraxPhantom                       phantom(parameters);
    const ThoraxPhantom::HUImageType::Pointer image = phantom.ExpectedHounsfieldImage();
    std::size_t                               mismatches = 0;
    std::size_t                               inexact = 0;
    for (unsigned int k = 0; k < parameters.slices; ++k)
    {
      const std::vector<std::int32_t> stored = phantom.StoredSlice(k);
      for (unsigned int i = 0; i < stored.size(); ++i)
      {
        const unsigned int  row = i / parameters.columns;
        const unsigned int  column = i % parameters.columns;
        const itk::Index<3> index = { { column, row, k } };
        if (stored[i] == parameters.paddingStoredValue)
        {
          mismatches += image->GetPixel(index) != -1024;
          continue;
        }
        mismatches += image->GetPixel(index) != std::round(stored[i] * 0.7 - 1000.5);
        const double exact =
          phantom.NominalHounsfieldAt(phantom.PixelCenter(k, row, column)) + phantom.NoiseHounsfield(k, row, column);
        inexact += std::abs(image->GetPixel(index) - exact) > 0.35 + 0.5 + 1e-9;
      }
    }
    CHECK(mismatches == 0);
    CHECK(inexact == 0);
  }
}

TEST_CASE("Parameters that cannot describe a CT series are refused with a chestct::Error")
{
  // The error names the parameter apart from its requirement, so that the command line can name its option.
  auto refused = [](const std::string & parameter, auto change) {
    ThoraxPhantomParameters parameters;
    change(parameters);
    try
    {
      ThoraxPhantom phantom(parameters);
      FAIL_CHECK("no error for " << parameter);
    }
    catch (const InvalidThoraxPhantomParameter & error)
    {
      CHECK(error.Parameter() == parameter);
      CHECK(error.Problem() == "invalid thorax phantom parameters: " + parameter + " " + error.Requirement());
    }
  };
  refused("columns", [](ThoraxPhantomParameters & p) { p.columns = 0; });
  refused("rows", [](ThoraxPhantomParameters & p) { p.rows = 70000; });
  refused("slices", [](ThoraxPhantomParameters & p) { p.slices = 0; });
  refused("pixelSpacing", [](ThoraxPhantomParameters & p) { p.pixelSpacing = 0; });
  refused("sliceSpacing", [](ThoraxPhantomParameters & p) { p.sliceSpacing = -1; });
  refused("sliceThickness", [](ThoraxPhantomParameters & p) { p.sliceThickness = std::nan(""); });
  refused("rescaleSlope", [](ThoraxPhantomParameters & p) { p.rescaleSlope = 0; });
  refused("rescaleIntercept",
          [](ThoraxPhantomParameters & p) { p.rescaleIntercept = std::numeric_limits<double>::infinity(); });
  refused("gantryTiltDegrees", [](ThoraxPhantomParameters & p) { p.gantryTiltDegrees = 70; });
  refused("missingSlices", [](ThoraxPhantomParameters & p) { p.missingSlices = { 48 }; });
  refused("noiseSigma", [](ThoraxPhantomParameters & p) { p.noiseSigma = -1; });
  refused("anatomyDiameter", [](ThoraxPhantomParameters & p) { p.anatomyDiameter = -300; });
  refused("couchTopWidth", [](ThoraxPhantomParameters & p) { p.couchTopWidth = 6; });
  refused("paddingStoredValue", [](ThoraxPhantomParameters & p) { p.paddingStoredValue = 40000; });
  refused("seriesDescription", [](ThoraxPhantomParameters & p) { p.seriesDescription = std::string(65, 'x'); });
  refused("studyInstanceUID", [](ThoraxPhantomParameters & p) { p.studyInstanceUID = "1..2"; });
  refused("seriesInstanceUID", [](ThoraxPhantomParameters & p) { p.seriesInstanceUID = "1.2.abc"; });

  const ThoraxPhantom phantom;
  CHECK_THROWS_AS(phantom.StoredValue(48, 0, 0), chestct::Error);
  CHECK_THROWS_AS(phantom.StoredValue(0, 128, 0), chestct::Error);
  CHECK_THROWS_AS(phantom.ImagePositionPatient(48), chestct::Error);

  SECTION("given UIDs are used as they are")
  {
    ThoraxPhantomParameters parameters = SmallParameters();
    parameters.studyInstanceUID = "1.2.3.4";
    parameters.seriesInstanceUID = "1.2.3.4.5";
    const ThoraxPhantom            given(parameters);
    const std::vector<std::string> paths =
      given.WriteDICOMSeries(chestct::testing::TemporaryFolder("PhantomGivenUIDs"));
    const SliceFile slice = ReadSliceFile(paths.front());
    CHECK(Text(slice.dataSet, 0x0020, 0x000D) == "1.2.3.4");
    CHECK(Text(slice.dataSet, 0x0020, 0x000E) == "1.2.3.4.5");
  }
}
