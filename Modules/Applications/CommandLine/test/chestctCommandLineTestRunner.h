#ifndef chestctCommandLineTestRunner_h
#define chestctCommandLineTestRunner_h

#include "chestctCommandLine.h"
#include "chestctImageFileFormat.h"

#include "itkImageFileReader.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace chestct::testing
{

/** What one in-process run of chestct gave: its exit status and its two streams. */
struct Run
{
  int         status;
  std::string out;
  std::string err;
};

/** Runs chestct with `arguments` in-process, as the executable would. */
inline Run
Chestct(const std::vector<std::string> & arguments)
{
  std::ostringstream out, err;
  const int          status = RunCommandLine(arguments, out, err);
  return { status, out.str(), err.str() };
}

inline bool
Contains(const std::string & text, const std::string & part)
{
  return text.find(part) != std::string::npos;
}

/** A whole file's bytes as a string ("" when it cannot be read). */
inline std::string
ReadText(const std::string & path)
{
  std::ifstream      in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/** An image file written by chestct, read with the ImageIO its extension names. */
template <typename TImage>
typename TImage::Pointer
ReadVolume(const std::string & path)
{
  auto reader = itk::ImageFileReader<TImage>::New();
  reader->SetFileName(path);
  reader->SetImageIO(CreateImageIO(ImageFileFormatFromPath(path)));
  reader->Update();
  return reader->GetOutput();
}

} // namespace chestct::testing

#endif
