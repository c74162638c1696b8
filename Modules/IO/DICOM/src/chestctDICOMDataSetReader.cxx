#include "chestctDICOMDataSetReader.h"
#include "chestctDICOMStructureCheck.h"

#include "gdcmAttribute.h"
#include "gdcmMediaStorage.h"
#include "gdcmReader.h"
#include "gdcmSequenceOfItems.h"
#include "gdcmTransferSyntax.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <tuple>

namespace chestct
{
namespace
{

// Tags read by name here, to keep the parsing below readable.
const gdcm::Tag kPixelData(0x7fe0, 0x0010);
const gdcm::Tag kSOPClassUID(0x0008, 0x0016);
const gdcm::Tag kSOPInstanceUID(0x0008, 0x0018);
const gdcm::Tag kStudyDate(0x0008, 0x0020);
const gdcm::Tag kModality(0x0008, 0x0060);
const gdcm::Tag kImageType(0x0008, 0x0008);
const gdcm::Tag kManufacturer(0x0008, 0x0070);
const gdcm::Tag kSeriesDescription(0x0008, 0x103e);
const gdcm::Tag kManufacturerModelName(0x0008, 0x1090);
const gdcm::Tag kPatientName(0x0010, 0x0010);
const gdcm::Tag kPatientID(0x0010, 0x0020);
const gdcm::Tag kBodyPartExamined(0x0018, 0x0015);
const gdcm::Tag kSliceThickness(0x0018, 0x0050);
const gdcm::Tag kGantryDetectorTilt(0x0018, 0x1120);
const gdcm::Tag kConvolutionKernel(0x0018, 0x1210);
const gdcm::Tag kPatientPosition(0x0018, 0x5100);
const gdcm::Tag kStudyInstanceUID(0x0020, 0x000d);
const gdcm::Tag kSeriesInstanceUID(0x0020, 0x000e);
const gdcm::Tag kSeriesNumber(0x0020, 0x0011);
const gdcm::Tag kInstanceNumber(0x0020, 0x0013);
const gdcm::Tag kImagePositionPatient(0x0020, 0x0032);
const gdcm::Tag kImageOrientationPatient(0x0020, 0x0037);
const gdcm::Tag kFrameOfReferenceUID(0x0020, 0x0052);
const gdcm::Tag kSliceLocation(0x0020, 0x1041);
const gdcm::Tag kSamplesPerPixel(0x0028, 0x0002);
const gdcm::Tag kPhotometricInterpretation(0x0028, 0x0004);
const gdcm::Tag kNumberOfFrames(0x0028, 0x0008);
const gdcm::Tag kRows(0x0028, 0x0010);
const gdcm::Tag kColumns(0x0028, 0x0011);
const gdcm::Tag kPixelSpacing(0x0028, 0x0030);
const gdcm::Tag kBitsAllocated(0x0028, 0x0100);
const gdcm::Tag kBitsStored(0x0028, 0x0101);
const gdcm::Tag kPixelRepresentation(0x0028, 0x0103);
const gdcm::Tag kPixelPaddingValue(0x0028, 0x0120);
const gdcm::Tag kPixelPaddingRangeLimit(0x0028, 0x0121);
const gdcm::Tag kRescaleIntercept(0x0028, 0x1052);
const gdcm::Tag kRescaleSlope(0x0028, 0x1053);
// Enhanced (multi-frame) objects keep per-frame geometry in functional groups.
const gdcm::Tag kSharedFunctionalGroups(0x5200, 0x9229);
const gdcm::Tag kPerFrameFunctionalGroups(0x5200, 0x9230);
const gdcm::Tag kPlanePositionSequence(0x0020, 0x9113);
const gdcm::Tag kPlaneOrientationSequence(0x0020, 0x9116);
const gdcm::Tag kPixelMeasuresSequence(0x0028, 0x9110);
const gdcm::Tag kPixelValueTransformationSequence(0x0028, 0x9145);

std::string
Trim(std::string text)
{
  const auto isPadding = [](char c) { return c == ' ' || c == '\0' || c == '\r' || c == '\n' || c == '\t'; };
  while (!text.empty() && isPadding(text.back()))
  {
    text.pop_back();
  }
  std::size_t start = 0;
  while (start < text.size() && isPadding(text[start]))
  {
    ++start;
  }
  return text.substr(start);
}

/** The element's value as text, trimmed; empty when absent or empty. */
std::string
GetString(const gdcm::DataSet & dataSet, const gdcm::Tag & tag)
{
  if (!dataSet.FindDataElement(tag))
  {
    return {};
  }
  const gdcm::ByteValue * value = dataSet.GetDataElement(tag).GetByteValue();
  if (value == nullptr || value->GetPointer() == nullptr)
  {
    return {};
  }
  return Trim(std::string(value->GetPointer(), value->GetLength()));
}

std::vector<std::string>
SplitValues(const std::string & text)
{
  std::vector<std::string> values;
  std::size_t              start = 0;
  while (true)
  {
    const std::size_t end = text.find('\\', start);
    values.push_back(Trim(text.substr(start, end == std::string::npos ? std::string::npos : end - start)));
    if (end == std::string::npos)
    {
      return values;
    }
    start = end + 1;
  }
}

/** A decimal string's values; nullopt unless there are exactly `count` finite numbers. */
template <std::size_t N>
std::optional<std::array<double, N>>
GetDecimals(const gdcm::DataSet & dataSet, const gdcm::Tag & tag)
{
  const std::string text = GetString(dataSet, tag);
  if (text.empty())
  {
    return std::nullopt;
  }
  const std::vector<std::string> parts = SplitValues(text);
  if (parts.size() != N)
  {
    return std::nullopt;
  }
  std::array<double, N> values{};
  for (std::size_t i = 0; i < N; ++i)
  {
    char * end = nullptr;
    values[i] = std::strtod(parts[i].c_str(), &end);
    if (parts[i].empty() || end != parts[i].c_str() + parts[i].size() || !std::isfinite(values[i]))
    {
      return std::nullopt;
    }
  }
  return values;
}

std::optional<double>
GetDecimal(const gdcm::DataSet & dataSet, const gdcm::Tag & tag)
{
  const auto values = GetDecimals<1>(dataSet, tag);
  return values ? std::optional<double>((*values)[0]) : std::nullopt;
}

std::optional<long>
GetIntegerString(const gdcm::DataSet & dataSet, const gdcm::Tag & tag)
{
  const std::string text = GetString(dataSet, tag);
  char *            end = nullptr;
  const long        value = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || end != text.c_str() + text.size())
  {
    return std::nullopt;
  }
  return value;
}

/** A 16-bit binary value (US or SS; both little endian in every transfer syntax still in use). */
std::optional<std::uint16_t>
GetUnsignedShort(const gdcm::DataSet & dataSet, const gdcm::Tag & tag)
{
  if (!dataSet.FindDataElement(tag))
  {
    return std::nullopt;
  }
  const gdcm::ByteValue * value = dataSet.GetDataElement(tag).GetByteValue();
  if (value == nullptr || value->GetLength() < 2)
  {
    return std::nullopt;
  }
  const auto * bytes = reinterpret_cast<const unsigned char *>(value->GetPointer());
  return static_cast<std::uint16_t>(bytes[0] | (bytes[1] << 8));
}

/** A copy of the first item's data set of a sequence inside `dataSet`.
 * Copies, because GetValueAsSQ() may decode an implicit-VR sequence into a
 * new object that lives only as long as the returned pointer. */
std::optional<gdcm::DataSet>
FirstItem(const gdcm::DataSet & dataSet, const gdcm::Tag & sequenceTag)
{
  if (!dataSet.FindDataElement(sequenceTag))
  {
    return std::nullopt;
  }
  const gdcm::SmartPointer<gdcm::SequenceOfItems> sequence = dataSet.GetDataElement(sequenceTag).GetValueAsSQ();
  if (!sequence || sequence->GetNumberOfItems() == 0)
  {
    return std::nullopt;
  }
  return sequence->GetItem(1).GetNestedDataSet();
}

/** A functional-group macro's data set for one frame: the per-frame group's if
 * it has the macro, else the shared group's. */
std::optional<gdcm::DataSet>
FunctionalGroupMacro(const gdcm::DataSet * perFrame, const std::optional<gdcm::DataSet> & shared,
                     const gdcm::Tag & macro)
{
  std::optional<gdcm::DataSet> found = perFrame ? FirstItem(*perFrame, macro) : std::nullopt;
  return found ? found : (shared ? FirstItem(*shared, macro) : std::nullopt);
}

std::string
ClassifyNonImage(const std::string & sopClassUID, gdcm::MediaStorage::MSType mediaStorage)
{
  const auto startsWith = [&sopClassUID](const char * prefix) { return sopClassUID.rfind(prefix, 0) == 0; };
  if (mediaStorage == gdcm::MediaStorage::MediaStorageDirectoryStorage || sopClassUID == "1.2.840.10008.1.3.10")
  {
    return "DICOMDIR (an index of the media, not an image)";
  }
  if (startsWith("1.2.840.10008.5.1.4.1.1.88."))
  {
    return "structured report (SR), not an image";
  }
  if (startsWith("1.2.840.10008.5.1.4.1.1.66."))
  {
    return "segmentation or registration object (SEG/REG), not an image series";
  }
  if (sopClassUID == "1.2.840.10008.5.1.4.1.1.481.3")
  {
    return "RT structure set (RTSTRUCT), not an image";
  }
  if (startsWith("1.2.840.10008.5.1.4.1.1.481."))
  {
    return "radiotherapy object (RT), not an image series";
  }
  if (startsWith("1.2.840.10008.5.1.4.1.1.11."))
  {
    return "presentation state, not an image";
  }
  if (startsWith("1.2.840.10008.5.1.4.1.1.104."))
  {
    return "encapsulated document, not an image";
  }
  return {};
}

} // namespace

bool
DICOMSeries::HasImageType(const std::string & value) const
{
  for (const std::string & part : SplitValues(imageType))
  {
    if (part == value)
    {
      return true;
    }
  }
  return false;
}

long
DICOMSeries::SeriesNumberForOrdering() const
{
  char *     end = nullptr;
  const long value = std::strtol(seriesNumber.c_str(), &end, 10);
  return (seriesNumber.empty() || *end != '\0') ? std::numeric_limits<long>::max() : value;
}

std::variant<DICOMSeries, SkippedFile>
ReadDICOMFileHeader(const std::string & path)
{
  std::error_code error;
  const auto      size = std::filesystem::file_size(path, error);
  if (error)
  {
    return SkippedFile{ path, "cannot be read: " + error.message() };
  }
  if (size == 0)
  {
    return SkippedFile{ path, "empty file (0 bytes)" };
  }
  {
    std::ifstream probe(path, std::ios::binary);
    if (!probe)
    {
      return SkippedFile{ path, std::string("cannot be opened: ") + std::strerror(errno) };
    }
  }

  // Before GDCM sees the file: GDCM aborts the process on some damaged structures.
  const DICOMStructure structure = WalkDICOMStructure(path);
  if (!structure.problem.empty())
  {
    return SkippedFile{ path, structure.problem };
  }
  if (structure.followed && !structure.hasPixelData)
  {
    return SkippedFile{ path, "DICOM file without pixel data" };
  }
  gdcm::Reader reader;
  reader.SetFileName(path.c_str());
  // The pixel data's value is skipped: GDCM would allocate whatever length it declares.
  if (!reader.ReadUpToTag(kPixelData, { kPixelData }))
  {
    return SkippedFile{ path, "not a DICOM file (or its header is damaged)" };
  }
  const gdcm::File &    file = reader.GetFile();
  const gdcm::DataSet & dataSet = file.GetDataSet();

  gdcm::MediaStorage mediaStorage;
  mediaStorage.SetFromFile(file);
  DICOMSeries series;
  series.sopClassUID = GetString(dataSet, kSOPClassUID);
  if (series.sopClassUID.empty())
  {
    series.sopClassUID = GetString(file.GetHeader(), gdcm::Tag(0x0002, 0x0002));
  }
  if (const std::string reason = ClassifyNonImage(series.sopClassUID, mediaStorage); !reason.empty())
  {
    return SkippedFile{ path, reason };
  }
  const auto rows = GetUnsignedShort(dataSet, kRows);
  const auto columns = GetUnsignedShort(dataSet, kColumns);
  if (!rows || !columns || *rows == 0 || *columns == 0)
  {
    return SkippedFile{ path, "DICOM file without an image (no Rows/Columns)" };
  }

  series.rows = *rows;
  series.columns = *columns;
  series.seriesInstanceUID = GetString(dataSet, kSeriesInstanceUID);
  series.studyInstanceUID = GetString(dataSet, kStudyInstanceUID);
  series.frameOfReferenceUID = GetString(dataSet, kFrameOfReferenceUID);
  series.modality = GetString(dataSet, kModality);
  series.seriesDescription = GetString(dataSet, kSeriesDescription);
  series.seriesNumber = GetString(dataSet, kSeriesNumber);
  series.convolutionKernel = GetString(dataSet, kConvolutionKernel);
  series.manufacturer = GetString(dataSet, kManufacturer);
  series.manufacturerModelName = GetString(dataSet, kManufacturerModelName);
  series.imageType = GetString(dataSet, kImageType);
  series.bodyPartExamined = GetString(dataSet, kBodyPartExamined);
  series.patientPosition = GetString(dataSet, kPatientPosition);
  series.studyDate = GetString(dataSet, kStudyDate);
  series.patientName = GetString(dataSet, kPatientName);
  series.patientID = GetString(dataSet, kPatientID);
  series.transferSyntaxUID = GetString(file.GetHeader(), gdcm::Tag(0x0002, 0x0010));
  series.bitsAllocated = GetUnsignedShort(dataSet, kBitsAllocated).value_or(0);
  series.bitsStored = GetUnsignedShort(dataSet, kBitsStored).value_or(series.bitsAllocated);
  series.pixelRepresentation = GetUnsignedShort(dataSet, kPixelRepresentation).value_or(0);
  series.samplesPerPixel = GetUnsignedShort(dataSet, kSamplesPerPixel).value_or(1);
  series.photometricInterpretation = GetString(dataSet, kPhotometricInterpretation);
  series.sliceThickness = GetDecimal(dataSet, kSliceThickness);
  series.gantryDetectorTilt = GetDecimal(dataSet, kGantryDetectorTilt);

  // Padding is stored as US or SS, whichever PixelRepresentation says the pixels are.
  const auto asStored = [&series](std::uint16_t raw) -> std::int32_t {
    return series.pixelRepresentation == 1 ? static_cast<std::int16_t>(raw) : raw;
  };
  if (const auto padding = GetUnsignedShort(dataSet, kPixelPaddingValue))
  {
    series.pixelPaddingValue = asStored(*padding);
  }
  if (const auto limit = GetUnsignedShort(dataSet, kPixelPaddingRangeLimit))
  {
    series.pixelPaddingRangeLimit = asStored(*limit);
  }

  DICOMFrame frame;
  frame.file = path;
  const long numberOfFrames = GetIntegerString(dataSet, kNumberOfFrames).value_or(1);
  // Every frame takes at least a byte of the file, compressed or not: a header
  // claiming more is damaged or hostile, and must not make us allocate per frame.
  if (numberOfFrames < 1 || static_cast<std::uintmax_t>(numberOfFrames) > size)
  {
    return SkippedFile{ path,
                        "damaged header: NumberOfFrames " + std::to_string(numberOfFrames) +
                          " cannot fit in a file of " + std::to_string(size) + " bytes" };
  }
  // Uncompressed pixel data must hold what the header's size needs, and the
  // file must hold the pixel data it declares.
  frame.defect = structure.pixelDataProblem;
  if (frame.defect.empty() && structure.hasPixelData && !structure.encapsulated)
  {
    const std::uint64_t bytesPerSample = (series.bitsAllocated + 7) / 8;
    const std::uint64_t needed = std::uint64_t{ series.rows } * series.columns * series.samplesPerPixel *
                                 bytesPerSample * static_cast<std::uint64_t>(numberOfFrames);
    if (structure.pixelDataLength < needed)
    {
      frame.defect = "the pixel data hold " + std::to_string(structure.pixelDataLength) + " bytes, but " +
                     std::to_string(series.columns) + " x " + std::to_string(series.rows) + " x " +
                     std::to_string(numberOfFrames) + " pixels of " + std::to_string(series.bitsAllocated) +
                     " bits need " + std::to_string(needed);
    }
  }
  frame.sopInstanceUID = GetString(dataSet, kSOPInstanceUID);
  frame.instanceNumber = GetIntegerString(dataSet, kInstanceNumber);
  frame.sliceLocation = GetDecimal(dataSet, kSliceLocation);

  const std::optional<gdcm::DataSet> shared = FirstItem(dataSet, kSharedFunctionalGroups);
  if (numberOfFrames > 1 || dataSet.FindDataElement(kPerFrameFunctionalGroups))
  {
    series.multiFrame = true;
    gdcm::SmartPointer<gdcm::SequenceOfItems> perFrameItems;
    if (dataSet.FindDataElement(kPerFrameFunctionalGroups))
    {
      perFrameItems = dataSet.GetDataElement(kPerFrameFunctionalGroups).GetValueAsSQ();
    }
    for (long index = 0; index < std::max(1L, numberOfFrames); ++index)
    {
      DICOMFrame            multi = frame;
      const gdcm::DataSet * perFrame = nullptr;
      if (perFrameItems && static_cast<gdcm::SequenceOfItems::SizeType>(index) < perFrameItems->GetNumberOfItems())
      {
        perFrame = &perFrameItems->GetItem(index + 1).GetNestedDataSet();
      }
      multi.frameIndex = static_cast<unsigned int>(index);
      if (const auto position = FunctionalGroupMacro(perFrame, shared, kPlanePositionSequence))
      {
        multi.imagePositionPatient = GetDecimals<3>(*position, kImagePositionPatient);
      }
      if (const auto orientation = FunctionalGroupMacro(perFrame, shared, kPlaneOrientationSequence))
      {
        multi.imageOrientationPatient = GetDecimals<6>(*orientation, kImageOrientationPatient);
      }
      if (const auto measures = FunctionalGroupMacro(perFrame, shared, kPixelMeasuresSequence))
      {
        multi.pixelSpacing = GetDecimals<2>(*measures, kPixelSpacing);
        if (!series.sliceThickness)
        {
          series.sliceThickness = GetDecimal(*measures, kSliceThickness);
        }
      }
      if (const auto transformation = FunctionalGroupMacro(perFrame, shared, kPixelValueTransformationSequence))
      {
        multi.rescaleSlope = GetDecimal(*transformation, kRescaleSlope);
        multi.rescaleIntercept = GetDecimal(*transformation, kRescaleIntercept);
      }
      // Legacy multi-frame objects keep the plain attributes at the top level.
      if (!multi.imageOrientationPatient)
      {
        multi.imageOrientationPatient = GetDecimals<6>(dataSet, kImageOrientationPatient);
      }
      if (!multi.pixelSpacing)
      {
        multi.pixelSpacing = GetDecimals<2>(dataSet, kPixelSpacing);
      }
      if (!multi.rescaleSlope)
      {
        multi.rescaleSlope = GetDecimal(dataSet, kRescaleSlope);
        multi.rescaleIntercept = GetDecimal(dataSet, kRescaleIntercept);
      }
      if (!multi.imagePositionPatient && numberOfFrames == 1)
      {
        multi.imagePositionPatient = GetDecimals<3>(dataSet, kImagePositionPatient);
      }
      series.frames.push_back(std::move(multi));
    }
  }
  else
  {
    frame.imagePositionPatient = GetDecimals<3>(dataSet, kImagePositionPatient);
    frame.imageOrientationPatient = GetDecimals<6>(dataSet, kImageOrientationPatient);
    frame.pixelSpacing = GetDecimals<2>(dataSet, kPixelSpacing);
    frame.rescaleSlope = GetDecimal(dataSet, kRescaleSlope);
    frame.rescaleIntercept = GetDecimal(dataSet, kRescaleIntercept);
    // Absent rescale tags mean slope 1, intercept 0; present but unreadable ones mean a damaged file.
    for (const auto & [tag, value, name] :
         { std::make_tuple(kRescaleSlope, frame.rescaleSlope, "RescaleSlope"),
           std::make_tuple(kRescaleIntercept, frame.rescaleIntercept, "RescaleIntercept") })
    {
      if (!value && !GetString(dataSet, tag).empty() && frame.defect.empty())
      {
        frame.defect = std::string(name) + " '" + GetString(dataSet, tag) + "' is not a finite number";
      }
    }
    series.frames.push_back(std::move(frame));
  }
  return series;
}

} // namespace chestct
