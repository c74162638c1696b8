#include "chestctAtomicOutputFile.h"
#include "chestctError.h"
#include "chestctImageFileFormat.h"
#include "chestctTestData.h"
#include "chestctWriteImage.h"

#include "itkImage.h"
#include "itkImageFileReader.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

TEST_CASE("The output format follows the extension, and unknown ones are refused by name", "[output]")
{
  using chestct::ImageFileFormat;
  REQUIRE(chestct::ImageFileFormatFromPath("a/b.nii.gz") == ImageFileFormat::NIfTIGzip);
  REQUIRE(chestct::ImageFileFormatFromPath("B.NII") == ImageFileFormat::NIfTI);
  REQUIRE(chestct::ImageFileFormatFromPath("x.nrrd") == ImageFileFormat::NRRD);
  REQUIRE(chestct::ImageFileFormatFromPath("x.mha") == ImageFileFormat::MetaImage);
  try
  {
    chestct::ImageFileFormatFromPath("scan.png");
    FAIL("a .png output was accepted");
  }
  catch (const chestct::Error & error)
  {
    REQUIRE(error.File() == "scan.png");
    REQUIRE(error.Remedy().find(".nii.gz") != std::string::npos);
  }
  REQUIRE(chestct::SidecarPath("out/ct.nii.gz") == "out/ct.json");
  REQUIRE(chestct::SidecarPath("ct.nrrd") == "ct.json");
}

TEST_CASE("Compression follows the request where the format allows, and a .nii.gz cannot be left raw", "[output]")
{
  using chestct::ImageCompression;
  using chestct::ImageFileFormat;
  using chestct::UsesCompression;
  REQUIRE(UsesCompression(ImageFileFormat::NRRD, ImageCompression::Gzip, "x.nrrd"));
  REQUIRE_FALSE(UsesCompression(ImageFileFormat::NRRD, ImageCompression::None, "x.nrrd"));
  REQUIRE(UsesCompression(ImageFileFormat::MetaImage, ImageCompression::Gzip, "x.mha"));
  REQUIRE_FALSE(UsesCompression(ImageFileFormat::MetaImage, ImageCompression::None, "x.mha"));
  REQUIRE_FALSE(UsesCompression(ImageFileFormat::NIfTI, ImageCompression::Gzip, "x.nii")); // by its name
  REQUIRE(UsesCompression(ImageFileFormat::NIfTIGzip, ImageCompression::Gzip, "x.nii.gz"));
  try
  {
    UsesCompression(ImageFileFormat::NIfTIGzip, ImageCompression::None, "out/x.nii.gz");
    FAIL("a .nii.gz was to be written uncompressed");
  }
  catch (const chestct::Error & error)
  {
    REQUIRE(error.File() == "out/x.nii.gz");
    REQUIRE(error.Remedy().find(".nii") != std::string::npos);
  }
}

TEST_CASE("An atomic output appears only when committed, otherwise nothing is left", "[output]")
{
  const std::string folder = chestct::testing::TemporaryFolder("atomic");
  const std::string path = folder + "/result.txt";
  {
    chestct::AtomicOutputFile output(path);
    std::ofstream(output.TemporaryPath()) << "half";
    REQUIRE(fs::exists(output.TemporaryPath()));
    REQUIRE_FALSE(fs::exists(path));
  } // abandoned, as when an exception unwinds
  REQUIRE(fs::is_empty(folder));
  chestct::WriteTextFileAtomically(path, "whole");
  std::ifstream in(path);
  std::string   content;
  in >> content;
  REQUIRE(content == "whole");
  REQUIRE(std::distance(fs::directory_iterator(folder), fs::directory_iterator()) == 1);
}

TEST_CASE("Outputs into a missing folder, onto the input or inside an input folder are refused", "[output]")
{
  const std::string folder = chestct::testing::TemporaryFolder("refusals");
  REQUIRE_THROWS_AS(chestct::AtomicOutputFile(folder + "/no/such/folder/x.nrrd"), chestct::Error);
  std::ofstream(folder + "/input.dcm") << "x";
  REQUIRE_THROWS_AS(chestct::CheckOutputIsNotAnInput(folder + "/input.dcm", folder + "/input.dcm"), chestct::Error);
  REQUIRE_THROWS_AS(chestct::CheckOutputIsNotAnInput(folder + "/sub/out.nrrd", folder), chestct::Error);
  REQUIRE_NOTHROW(chestct::CheckOutputIsNotAnInput(folder + "/out.nrrd", folder + "/input.dcm"));
}

TEST_CASE("Every format keeps the image's patient-space geometry", "[output]")
{
  using ImageType = itk::Image<short, 3>;
  auto image = ImageType::New();
  image->SetRegions(ImageType::SizeType{ { 4, 3, 2 } });
  image->Allocate();
  for (std::size_t i = 0; i < image->GetBufferedRegion().GetNumberOfPixels(); ++i)
  {
    image->GetBufferPointer()[i] = static_cast<short>(i * 7 - 1024);
  }
  const double spacing[] = { 0.7, 0.8, 2.5 };
  const double origin[] = { -100.5, 20.25, 33.0 };
  image->SetSpacing(spacing);
  image->SetOrigin(origin);
  ImageType::DirectionType direction; // feet-first-like: x and z flipped
  direction.Fill(0);
  direction[0][0] = -1;
  direction[1][1] = 1;
  direction[2][2] = -1;
  image->SetDirection(direction);
  const std::string folder = chestct::testing::TemporaryFolder("formats");
  for (const char * name : { "a.nrrd", "a.nii", "a.nii.gz", "a.mha" })
  {
    const std::string path = folder + "/" + name;
    chestct::WriteImageAtomically(image.GetPointer(), path);
    auto reader = itk::ImageFileReader<ImageType>::New();
    reader->SetFileName(path);
    reader->SetImageIO(chestct::CreateImageIO(chestct::ImageFileFormatFromPath(path)));
    reader->Update();
    const ImageType * read = reader->GetOutput();
    INFO(name);
    for (unsigned int i = 0; i < 3; ++i)
    {
      REQUIRE(read->GetSpacing()[i] == Approx(spacing[i]).margin(1e-5));
      REQUIRE(read->GetOrigin()[i] == Approx(origin[i]).margin(1e-4));
      for (unsigned int j = 0; j < 3; ++j)
      {
        REQUIRE(read->GetDirection()[i][j] == Approx(direction[i][j]).margin(1e-6));
      }
    }
    REQUIRE(std::equal(image->GetBufferPointer(), image->GetBufferPointer() + 24, read->GetBufferPointer()));
  }
}
