// Writes the DICOM fuzzer's seed corpus into a folder: small phantom series
// (plain, feet-first, tilted, gapped, unsigned, rescaled), each as one input
// of up to four files, and any small real DICOM files given on the command line.
//
//   chestctMakeFuzzCorpus CORPUS_DIR [DICOM_FILE ...]
#include "chestctFuzzInput.h"
#include "chestctThoraxPhantom.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace fs = std::filesystem;

namespace
{
std::string
ReadFile(const fs::path & path)
{
  std::ifstream      in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}
} // namespace

int
main(int argc, char * argv[])
{
  if (argc < 2)
  {
    std::cerr << "usage: " << argv[0] << " CORPUS_DIR [DICOM_FILE ...]\n";
    return 2;
  }
  const fs::path corpus = argv[1];
  fs::create_directories(corpus);
  const fs::path scratch = corpus / ".scratch";

  std::vector<chestct::ThoraxPhantomParameters> variants(7);
  variants[1].feetFirst = true;
  variants[2].gantryTiltDegrees = 15.0;
  variants[3].missingSlices = { 1 };
  variants[4].signedPixels = false;
  variants[4].paddingStoredValue = 0;
  variants[5].rescaleSlope = 2.0;
  variants[6].writePaddingValueTag = false;
  int written = 0;
  for (auto & parameters : variants)
  {
    parameters.columns = parameters.rows = 12;
    parameters.pixelSpacing = 32.0;
    parameters.slices = 4;
    parameters.seed = static_cast<std::uint32_t>(written + 1);
    fs::remove_all(scratch);
    std::vector<std::string> files;
    for (const std::string & file : chestct::ThoraxPhantom(parameters).WriteDICOMSeries(scratch.string()))
    {
      files.push_back(ReadFile(file));
    }
    std::ofstream(corpus / ("phantom-" + std::to_string(written++)), std::ios::binary)
      << chestct::fuzzing::JoinFiles(files);
  }
  fs::remove_all(scratch);
  for (int i = 2; i < argc; ++i)
  {
    std::ofstream(corpus / ("real-" + fs::path(argv[i]).filename().string()), std::ios::binary) << ReadFile(argv[i]);
    ++written;
  }
  std::cout << "wrote " << written << " seed inputs to " << corpus << "\n";
  return 0;
}
