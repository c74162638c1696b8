#include "chestctSurfaceFile.h"
#include "chestctAtomicOutputFile.h"
#include "chestctError.h"

#include <vtkOBJWriter.h>
#include <vtkPLYWriter.h>
#include <vtkSTLWriter.h>
#include <vtkSmartPointer.h>
#include <vtkXMLPolyDataWriter.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace chestct
{
namespace
{
std::string
LowerCaseExtension(const std::string & path)
{
  std::string extension = std::filesystem::path(path).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return extension;
}

// VTK writers report failure through their return value and error code, not exceptions.
template <typename TWriter>
void
Run(TWriter * writer, const std::string & path)
{
  const int written = writer->Write();
  if (written != 1 || writer->GetErrorCode() != 0)
  {
    throw Error(path, "could not be written", "check that the folder exists, is writable and has free space");
  }
}
} // namespace

bool
IsSurfaceFileName(const std::string & path)
{
  const std::string extension = LowerCaseExtension(path);
  return extension == ".stl" || extension == ".ply" || extension == ".obj" || extension == ".vtp";
}

const char *
SupportedSurfaceExtensions()
{
  return ".stl, .ply, .obj or .vtp";
}

void
WriteSurface(vtkPolyData * mesh, const std::string & path)
{
  if (!IsSurfaceFileName(path))
  {
    throw Error(path, "is not a mesh file name", std::string("give a name ending in ") + SupportedSurfaceExtensions());
  }
  if (mesh == nullptr || mesh->GetNumberOfPolys() == 0)
  {
    // VTK's writers would log an error and write nothing, which would surface later as a missing file.
    throw Error(path, "the surface is empty: there is nothing to write", "lower the threshold or check the label");
  }
  const std::string extension = LowerCaseExtension(path);
  AtomicOutputFile  output(path);
  const char *      temporary = output.TemporaryPath().c_str();
  if (extension == ".stl")
  {
    auto writer = vtkSmartPointer<vtkSTLWriter>::New();
    writer->SetInputData(mesh);
    writer->SetFileName(temporary);
    writer->SetFileTypeToBinary();
    writer->SetHeader("chestct surface, LPS mm");
    Run(writer.GetPointer(), path);
  }
  else if (extension == ".ply")
  {
    auto writer = vtkSmartPointer<vtkPLYWriter>::New();
    writer->SetInputData(mesh);
    writer->SetFileName(temporary);
    writer->SetFileTypeToBinary();
    writer->AddComment("chestct surface, LPS mm");
    Run(writer.GetPointer(), path);
  }
  else if (extension == ".obj")
  {
    auto writer = vtkSmartPointer<vtkOBJWriter>::New();
    writer->SetInputData(mesh);
    writer->SetFileName(temporary);
    Run(writer.GetPointer(), path);
  }
  else
  {
    auto writer = vtkSmartPointer<vtkXMLPolyDataWriter>::New();
    writer->SetInputData(mesh);
    writer->SetFileName(temporary);
    writer->SetDataModeToAppended();
    writer->SetCompressorTypeToZLib();
    Run(writer.GetPointer(), path);
  }
  output.Commit();
}

} // namespace chestct
