#include "chestctReadHounsfieldVolume.h"
#include "chestctDICOMFolderScanner.h"
#include "chestctDICOMSeriesSelection.h"
#include "chestctError.h"
#include "chestctImageFileFormat.h"

#include "itkImageFileReader.h"

#include <filesystem>

namespace chestct
{

HounsfieldVolume
ReadHounsfieldVolume(const std::string & path, const std::string & seriesKey,
                     const HounsfieldConversionOptions & options)
{
  HounsfieldVolume volume;
  std::error_code  error;
  if (!std::filesystem::is_directory(path, error))
  {
    bool isVolumeFile = true;
    try
    {
      ImageFileFormatFromPath(path);
    }
    catch (const Error &)
    {
      isVolumeFile = false; // not a volume extension: a DICOM file, or nothing usable
    }
    if (isVolumeFile)
    {
      if (!std::filesystem::exists(path, error))
      {
        throw Error(path, "does not exist", "give a DICOM folder or a volume file");
      }
      auto reader = itk::ImageFileReader<HounsfieldVolumeReader::ImageType>::New();
      reader->SetFileName(path);
      reader->SetImageIO(CreateImageIO(ImageFileFormatFromPath(path)));
      try
      {
        reader->Update();
      }
      catch (const itk::ExceptionObject & exception)
      {
        throw Error(path, std::string("cannot be read as a volume: ") + exception.GetDescription());
      }
      if (reader->GetImageIO()->GetNumberOfDimensions() != 3 || reader->GetImageIO()->GetNumberOfComponents() != 1)
      {
        throw Error(path, "is not a 3D single-channel volume");
      }
      volume.image = reader->GetOutput();
      volume.description = std::filesystem::path(path).filename().string();
      return volume;
    }
  }
  const DICOMScanResult    scan = ScanDICOMFolder(path);
  const DICOMSeries &      series = ChooseSeries(scan.series, seriesKey, path);
  const SliceStackGeometry geometry = AnalyzeSliceStack(series);
  HounsfieldVolumeReader   reader(series, geometry, options);
  volume.image = reader.Read();
  volume.description = series.seriesDescription.empty() ? series.key : series.seriesDescription;
  volume.fromDICOM = true;
  return volume;
}

} // namespace chestct
