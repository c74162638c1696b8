#include "chestctArgumentParser.h"
#include "chestctCommands.h"
#include "chestctError.h"
#include "chestctReadImage.h"
#include "chestctImageFileFormat.h"
#include "chestctJSONWriter.h"
#include "chestctMaskEvaluation.h"


#include <iomanip>
#include <set>
#include <sstream>

namespace chestct
{
namespace
{
/** More distinct values than this and the file is taken for an image, not a mask. */
constexpr std::size_t kMaximumLabels = 64;

EvaluationLabelImageType::Pointer
ReadMask(const std::string & path)
{
  const ImageFileFormat format = ImageFileFormatFromPath(path); // throws for an unknown extension
  auto                  io = CreateImageIO(format);
  io->SetFileName(path);
  try
  {
    io->ReadImageInformation();
  }
  catch (const itk::ExceptionObject & exception)
  {
    throw Error(path, std::string("cannot be read: ") + exception.GetDescription(), "give a mask volume file");
  }
  switch (io->GetComponentType())
  {
    case itk::IOComponentEnum::UCHAR:
    case itk::IOComponentEnum::CHAR:
    case itk::IOComponentEnum::USHORT:
    case itk::IOComponentEnum::SHORT:
    case itk::IOComponentEnum::UINT:
    case itk::IOComponentEnum::INT:
      break;
    default:
      throw Error(path,
                  "holds " + itk::ImageIOBase::GetComponentTypeAsString(io->GetComponentType()) +
                    " voxels, not integer labels",
                  "give a mask or label volume (8, 16 or 32-bit integers; 0 background)");
  }
  if (io->GetNumberOfDimensions() != 3)
  {
    throw Error(path, "is not a 3-D volume", "give a 3-D mask volume");
  }
  EvaluationLabelImageType::Pointer image =
    ReadImageFile<EvaluationLabelImageType>(path, "a mask", "give a mask volume file");
  std::set<unsigned short> labels;
  const std::size_t        count = image->GetBufferedRegion().GetNumberOfPixels();
  for (std::size_t i = 0; i < count && labels.size() <= kMaximumLabels; ++i)
  {
    labels.insert(image->GetBufferPointer()[i]);
  }
  if (labels.size() > kMaximumLabels)
  {
    throw Error(path,
                "has more than " + std::to_string(kMaximumLabels) +
                  " distinct values: it looks like an image, not a mask",
                "give a mask or label volume (0 background, 1 right lung, 2 left lung, ...)");
  }
  return image;
}

std::string
Millimetres(const std::optional<double> & value)
{
  if (!value)
  {
    return "n/a";
  }
  std::ostringstream text;
  text << std::fixed << std::setprecision(2) << *value;
  return text.str();
}

void
WriteJSON(std::ostream & out, const MaskEvaluation & evaluation, const std::string & reference,
          const std::string & test)
{
  JSONWriter json(out);
  const auto optional = [&](const char * key, const std::optional<double> & value) {
    json.Key(key);
    if (value)
    {
      json.Value(*value);
    }
    else
    {
      json.Null();
    }
  };
  const auto agreement = [&](const MaskAgreement & m) {
    json.BeginObject();
    json.Key("label").Value(m.name);
    json.Key("reference_voxels").Value(m.referenceVoxels);
    json.Key("test_voxels").Value(m.testVoxels);
    json.Key("intersection_voxels").Value(m.intersectionVoxels);
    json.Key("reference_volume_ml").Value(m.referenceVolumeML);
    json.Key("test_volume_ml").Value(m.testVolumeML);
    json.Key("dice").Value(m.dice);
    json.Key("jaccard").Value(m.jaccard);
    optional("hausdorff_mm", m.hausdorff);
    optional("hd95_mm", m.hausdorff95);
    optional("assd_mm", m.averageSurfaceDistance);
    json.EndObject();
  };
  json.BeginObject();
  json.Key("reference").Value(reference);
  json.Key("test").Value(test);
  json.Key("test_resampled").Value(evaluation.resampled);
  json.Key("labels").BeginArray();
  for (const MaskAgreement & m : evaluation.labels)
  {
    agreement(m);
  }
  json.EndArray();
  json.Key("union");
  agreement(evaluation.all);
  json.EndObject();
  out << "\n";
}

void
WriteText(std::ostream & out, const MaskEvaluation & evaluation)
{
  if (evaluation.resampled)
  {
    out << "TEST resampled onto REF's grid (nearest neighbour)\n";
  }
  out << std::left << std::setw(8) << "label" << std::right << std::setw(8) << "Dice" << std::setw(9) << "Jaccard"
      << std::setw(11) << "HD mm" << std::setw(10) << "HD95 mm" << std::setw(10) << "ASSD mm" << std::setw(11)
      << "REF mL" << std::setw(11) << "TEST mL"
      << "\n";
  std::vector<MaskAgreement> rows = evaluation.labels;
  rows.push_back(evaluation.all);
  for (const MaskAgreement & m : rows)
  {
    out << std::left << std::setw(8) << m.name << std::right << std::fixed << std::setprecision(4) << std::setw(8)
        << m.dice << std::setw(9) << m.jaccard << std::setw(11) << Millimetres(m.hausdorff) << std::setw(10)
        << Millimetres(m.hausdorff95) << std::setw(10) << Millimetres(m.averageSurfaceDistance) << std::setprecision(2)
        << std::setw(11) << m.referenceVolumeML << std::setw(11) << m.testVolumeML << "\n";
  }
}
} // namespace

int
RunEvaluateCommand(const std::vector<std::string> & arguments, std::ostream & out, std::ostream & err)
{
  ArgumentParser parser("evaluate",
                        "Compare a test mask with a reference mask in physical space: Dice, Jaccard, Hausdorff, "
                        "95th-percentile Hausdorff and average symmetric surface distance (mm), and volumes (mL), "
                        "per label and for the union of all labels.");
  parser.Positional("REF", "the reference mask or label volume (.nrrd, .nii, .nii.gz, .mha)")
    .Positional("TEST", "the mask to evaluate; resampled onto REF's grid by nearest neighbour if the grids differ")
    .Flag("--json", "print the results as one JSON object instead of a table")
    .Epilog("Labels: every non-zero value present in either mask (1 right lung, 2 left lung by ChestCT's "
            "convention), then 'union' (every non-zero voxel). Surface voxels are foreground voxels with a "
            "6-connected background neighbour (or on the volume's edge); distances run between surface voxel "
            "centres, in mm. Hausdorff is the largest distance either way, HD95 the 95th percentile (linear "
            "interpolation) of both directions' distances pooled, ASSD their mean. Dice and Jaccard are 1 when "
            "both masks are empty; distances are n/a (null in JSON) when either is. See "
            "Documentation/Evaluation.md.");
  if (!parser.Parse(arguments, out))
  {
    return 0;
  }
  const std::string referencePath = parser.Get("REF"), testPath = parser.Get("TEST");
  const auto        reference = ReadMask(referencePath);
  const auto        test = ReadMask(testPath);
  const auto        evaluation = EvaluateMasks(reference, test);
  if (parser.Given("--json"))
  {
    WriteJSON(out, evaluation, referencePath, testPath);
  }
  else
  {
    WriteText(out, evaluation);
  }
  return 0;
}

} // namespace chestct
