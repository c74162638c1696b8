#include "chestctThoraxPhantom.h"

#include "chestctAtomicOutputFile.h"
#include "chestctError.h"

#include "gdcmAttribute.h"
#include "gdcmDataElement.h"
#include "gdcmDataSet.h"
#include "gdcmFile.h"
#include "gdcmImage.h"
#include "gdcmImageWriter.h"
#include "gdcmPhotometricInterpretation.h"
#include "gdcmPixelFormat.h"
#include "gdcmTag.h"
#include "gdcmTransferSyntax.h"
#include "gdcmVR.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <limits>

namespace fs = std::filesystem;

namespace chestct
{
namespace
{

constexpr double Pi = 3.14159265358979323846;

// Deterministic UIDs live under this root, so that the same parameters give byte-identical files
// (gdcm::UIDGenerator would make every run different).
constexpr char UIDRoot[] = "1.2.826.0.1.3680043.10.1083";
constexpr char CTImageStorage[] = "1.2.840.10008.5.1.4.1.1.2";

// The anatomy. Across the slice, fractions of the field-of-view diameter D; along z, fractions of the
// stack half-length H. Chosen so that structures never overlap unintentionally: the lungs' outer edge
// (normalised body radius <= 0.77) stays inside the ribs (0.80 to 0.87), which stay inside the fat
// (>= 0.90); the lungs keep a mediastinum of >= 0.04 D between them.
constexpr double BodyHalfWidth = 0.425;
constexpr double BodyHalfDepth = 0.30;
constexpr double FatThickness = 0.03;
constexpr double LungCentreX = 0.18; // right lung at -x, left at +x
constexpr double LungCentreY = 0.0;
constexpr double LungHalfWidth = 0.125;
constexpr double LungHalfDepth = 0.175;
constexpr double RightLungWidening = 1.05; // the right lung is the larger one in real chests
constexpr double LungBaseZ = -0.80;
constexpr double LungApexZ = 0.85;
constexpr double VesselRadius = 0.012;
// Vessel centres in units of the lung's semi-axes: lateral (away from the midline), then posterior.
constexpr double VesselOffsets[3][2] = { { 0.45, -0.35 }, { -0.25, 0.25 }, { 0.20, 0.55 } };
constexpr double TracheaCentreY = 0.07;
constexpr double TracheaRadius = 0.03;
constexpr double CarinaZ = 0.25;
constexpr double VertebralBodyCentreY = 0.175;
constexpr double VertebralBodyRadius = 0.045;
constexpr double SpinousProcessHalfWidth = 0.01;
constexpr double SpinousProcessFront = 0.225;
constexpr double SpinousProcessBack = 0.26;
// Ribs: arcs in a band of normalised body radius, between two angles from the posterior midline; the
// centre of rib n is at z = RibTopZ - n * RibPitch at its posterior end and descends by RibDescent
// towards its anterior end, as real ribs slope down towards the sternum.
constexpr double RibInnerRadius = 0.80;
constexpr double RibOuterRadius = 0.87;
constexpr double RibPosteriorAngle = 0.12 * Pi;
constexpr double RibAnteriorAngle = 0.85 * Pi;
constexpr int    RibCount = 8;
constexpr double RibTopZ = 0.80;
constexpr double RibPitch = 0.20;
constexpr double RibDescent = 0.15;
constexpr double RibHalfHeight = 0.035;
constexpr double TableGap = 0.005;
constexpr double TableThickness = 0.03;
constexpr double TableHalfWidth = 0.40;
constexpr double FieldOfViewFraction = 0.48; // of the image width, so the image corners are always padding
constexpr double ArmCentreX = 0.56;          // right arm at -x, left at +x
constexpr double ArmCentreY = 0.05;
constexpr double ArmHalfWidth = 0.10;
constexpr double ArmHalfDepth = 0.15;
constexpr double HumerusRadius = 0.04;
constexpr double ArmsFromZ = 0.50;
// A radiotherapy couch top is an object of its own size, in mm, whatever the patient's.
constexpr double CouchTopThickness = 51.0;
constexpr double CouchTopShell = 3.0;

// A 64-bit mixer (splitmix64's finaliser): noise, file names and UIDs derive from it, so that each is a
// pure function of its inputs, independent of the order of evaluation.
constexpr std::uint64_t
SplitMix64(std::uint64_t x) noexcept
{
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

class Hasher
{
public:
  void
  AddInteger(std::uint64_t value) noexcept
  {
    m_State = SplitMix64(m_State ^ value);
  }
  void
  AddReal(double value) noexcept
  {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    AddInteger(bits);
  }
  void
  AddText(const std::string & text) noexcept
  {
    AddInteger(text.size());
    for (const char character : text)
    {
      AddInteger(static_cast<unsigned char>(character));
    }
  }
  std::uint64_t
  Value() const noexcept
  {
    return m_State;
  }

private:
  std::uint64_t m_State{ 0x43686573744354ULL };
};

std::uint64_t
HashSeriesIdentity(const ThoraxPhantomParameters & parameters)
{
  // Everything that changes the content of the files; hashedFileNames only changes their names.
  Hasher hasher;
  hasher.AddInteger(parameters.columns);
  hasher.AddInteger(parameters.rows);
  hasher.AddInteger(parameters.slices);
  hasher.AddReal(parameters.pixelSpacing);
  hasher.AddReal(parameters.sliceSpacing);
  hasher.AddReal(parameters.sliceThickness);
  hasher.AddReal(parameters.rescaleSlope);
  hasher.AddReal(parameters.rescaleIntercept);
  hasher.AddInteger(parameters.signedPixels);
  hasher.AddReal(parameters.gantryTiltDegrees);
  hasher.AddInteger(parameters.feetFirst);
  hasher.AddInteger(parameters.missingSlices.size());
  for (const unsigned int k : parameters.missingSlices)
  {
    hasher.AddInteger(k);
  }
  // The radiotherapy setting came later: hashed only when asked for, so that every earlier phantom series keeps
  // its UIDs ("the same options always give the same files").
  if (parameters.anatomyDiameter != 0.0 || parameters.armsUp || parameters.couchTop)
  {
    hasher.AddReal(parameters.anatomyDiameter);
    hasher.AddInteger(parameters.armsUp);
    hasher.AddInteger(parameters.couchTop);
    hasher.AddReal(parameters.couchTop ? parameters.couchTopWidth : 0.0);
  }
  hasher.AddReal(parameters.noiseSigma);
  hasher.AddInteger(parameters.seed);
  hasher.AddInteger(parameters.writePaddingValueTag);
  hasher.AddInteger(static_cast<std::uint64_t>(static_cast<std::int64_t>(parameters.paddingStoredValue)));
  hasher.AddText(parameters.seriesDescription);
  hasher.AddText(parameters.studyInstanceUID);
  hasher.AddText(parameters.seriesInstanceUID);
  return hasher.Value();
}

double
FieldOfViewRadiusOf(const ThoraxPhantomParameters & parameters)
{
  return FieldOfViewFraction * std::min(parameters.columns, parameters.rows) * parameters.pixelSpacing;
}

double
AnatomyDiameterOf(const ThoraxPhantomParameters & parameters)
{
  return parameters.anatomyDiameter > 0.0 ? parameters.anatomyDiameter : 2.0 * FieldOfViewRadiusOf(parameters);
}

double
StackHalfLength(const ThoraxPhantomParameters & parameters)
{
  return 0.5 * parameters.slices * parameters.sliceSpacing;
}

double
TiltTangent(const ThoraxPhantomParameters & parameters)
{
  return std::tan(parameters.gantryTiltDegrees * Pi / 180.0);
}

// +1 when the image rows run towards the patient's left (head first), -1 feet first.
double
RowDirectionX(const ThoraxPhantomParameters & parameters)
{
  return parameters.feetFirst ? -1.0 : 1.0;
}

std::int32_t
LowestStoredValue(const ThoraxPhantomParameters & parameters)
{
  return parameters.signedPixels ? std::numeric_limits<std::int16_t>::min() : 0;
}

std::int32_t
HighestStoredValue(const ThoraxPhantomParameters & parameters)
{
  return parameters.signedPixels ? std::numeric_limits<std::int16_t>::max() : std::numeric_limits<std::uint16_t>::max();
}

// The one formula for pixel positions and the field of view, shared by the public point functions and
// the slice sampler so that both always agree to the last bit.
ThoraxPhantom::PointType
PixelCenterFrom(const ThoraxPhantom::PointType & imagePosition, double rowDirectionX, double spacing, unsigned int row,
                unsigned int column)
{
  ThoraxPhantom::PointType point;
  point[0] = imagePosition[0] + rowDirectionX * (column * spacing);
  point[1] = imagePosition[1] + row * spacing;
  point[2] = imagePosition[2];
  return point;
}

bool
InsideCircle(const ThoraxPhantom::PointType & point, double tiltTangent, double radius)
{
  // The reconstruction centre follows the slice centres, which drift in y with the tilt.
  const double dx = point[0];
  const double dy = point[1] - point[2] * tiltTangent;
  return dx * dx + dy * dy <= radius * radius;
}

struct Ellipse
{
  double centreX{ 0 };
  double centreY{ 0 };
  double halfWidth{ 1 };
  double halfDepth{ 1 };

  double
  NormalisedRadiusSquared(double x, double y) const
  {
    const double u = (x - centreX) / halfWidth;
    const double v = (y - centreY) / halfDepth;
    return u * u + v * v;
  }
  bool
  Contains(double x, double y) const
  {
    return NormalisedRadiusSquared(x, y) <= 1.0;
  }
};

struct Circle
{
  double centreX{ 0 };
  double centreY{ 0 };
  double radius{ 0 };

  bool
  Contains(double x, double y) const
  {
    const double dx = x - centreX;
    const double dy = y - centreY;
    return dx * dx + dy * dy <= radius * radius;
  }
};

struct Classification
{
  PhantomTissue tissue{ PhantomTissue::Outside };
  unsigned char lungLabel{ 0 };
};

// Lung cross-section scale at normalised height u in [-1, 1] (base to apex): a dome towards the apex, a
// flatter, more abrupt ending at the base, where the diaphragm is.
double
LungProfile(double u)
{
  if (u <= -1.0 || u >= 1.0)
  {
    return 0.0;
  }
  return u >= 0.0 ? std::sqrt(1.0 - u * u) : std::sqrt(1.0 - u * u * u * u);
}

/** The anatomy in one axial plane z: everything that depends on z is worked out once, so that classifying
 * a point costs a few comparisons (the whole of a 512 x 512 x 300 series is generated point by point). */
class ThoraxCrossSection
{
public:
  ThoraxCrossSection(const ThoraxPhantomParameters & parameters, double z)
  {
    const double d = AnatomyDiameterOf(parameters);
    const double h = StackHalfLength(parameters);

    m_Body = { 0.0, 0.0, BodyHalfWidth * d, BodyHalfDepth * d };
    m_BodyInsideFat = { 0.0, 0.0, (BodyHalfWidth - FatThickness) * d, (BodyHalfDepth - FatThickness) * d };
    m_TableFront = (BodyHalfDepth + TableGap) * d;
    m_TableBack = m_TableFront + TableThickness * d;
    m_TableHalfWidth = TableHalfWidth * d;
    m_CouchTop = parameters.couchTop;
    if (m_CouchTop)
    {
      m_TableBack = m_TableFront + CouchTopThickness;
      m_TableHalfWidth = 0.5 * parameters.couchTopWidth;
    }
    m_HasArms = parameters.armsUp && z >= ArmsFromZ * h;
    for (int side = 0; side < 2; ++side)
    {
      const double lateral = side == 0 ? -1.0 : 1.0;
      m_Arms[side] = { lateral * ArmCentreX * d, ArmCentreY * d, ArmHalfWidth * d, ArmHalfDepth * d };
      m_Humeri[side] = { lateral * ArmCentreX * d, ArmCentreY * d, HumerusRadius * d };
    }
    m_VertebralBody = { 0.0, VertebralBodyCentreY * d, VertebralBodyRadius * d };
    m_SpinousProcessHalfWidth = SpinousProcessHalfWidth * d;
    m_SpinousProcessFront = SpinousProcessFront * d;
    m_SpinousProcessBack = SpinousProcessBack * d;

    m_HasTrachea = z >= CarinaZ * h;
    m_Trachea = { 0.0, TracheaCentreY * d, TracheaRadius * d };

    const double lungMiddle = 0.5 * (LungApexZ + LungBaseZ) * h;
    const double lungHalfHeight = 0.5 * (LungApexZ - LungBaseZ) * h;
    const double scale = LungProfile((z - lungMiddle) / lungHalfHeight);
    m_HasLungs = scale > 0.0;
    if (m_HasLungs)
    {
      for (int side = 0; side < 2; ++side)
      {
        // side 0: right lung (patient right, -x); side 1: left lung (+x).
        const double lateral = side == 0 ? -1.0 : 1.0;
        const double widening = side == 0 ? RightLungWidening : 1.0;
        Ellipse &    lung = m_Lungs[side];
        lung = {
          lateral * LungCentreX * d, LungCentreY * d, LungHalfWidth * widening * d * scale, LungHalfDepth * d * scale
        };
        for (int v = 0; v < 3; ++v)
        {
          // Vessels follow the lung's taper and thin towards apex and base, like real pulmonary vessels.
          m_Vessels[side][v] = { lung.centreX + lateral * VesselOffsets[v][0] * lung.halfWidth,
                                 lung.centreY + VesselOffsets[v][1] * lung.halfDepth,
                                 VesselRadius * d * std::sqrt(scale) };
        }
      }
    }

    // Rib n covers the points of this plane whose angular position a (0 at the posterior end, 1 at the
    // anterior end) satisfies |z - (ribZ - descent * a)| <= halfHeight: an interval of a per rib.
    const double descent = RibDescent * h;
    const double halfHeight = RibHalfHeight * h;
    for (int n = 0; n < RibCount; ++n)
    {
      const double ribZ = (RibTopZ - n * RibPitch) * h;
      const double from = std::max(0.0, (ribZ - z - halfHeight) / descent);
      const double to = std::min(1.0, (ribZ - z + halfHeight) / descent);
      if (from <= to)
      {
        m_RibIntervals[m_RibIntervalCount++] = { from, to };
      }
    }
  }

  Classification
  Classify(double x, double y) const
  {
    if (std::abs(x) <= m_TableHalfWidth && y >= m_TableFront && y <= m_TableBack)
    {
      if (!m_CouchTop)
      {
        return { PhantomTissue::Table, 0 };
      }
      const bool shell = y < m_TableFront + CouchTopShell || y > m_TableBack - CouchTopShell ||
                         std::abs(x) > m_TableHalfWidth - CouchTopShell;
      return { shell ? PhantomTissue::CouchShell : PhantomTissue::CouchFoam, 0 };
    }
    if (!m_Body.Contains(x, y))
    {
      for (int side = 0; side < 2 && m_HasArms; ++side)
      {
        if (m_Arms[side].Contains(x, y))
        {
          return { m_Humeri[side].Contains(x, y) ? PhantomTissue::Bone : PhantomTissue::Muscle, 0 };
        }
      }
      return { PhantomTissue::Outside, 0 };
    }
    if (!m_BodyInsideFat.Contains(x, y))
    {
      return { PhantomTissue::Fat, 0 };
    }
    if (m_VertebralBody.Contains(x, y) ||
        (std::abs(x) <= m_SpinousProcessHalfWidth && y >= m_SpinousProcessFront && y <= m_SpinousProcessBack) ||
        InRib(x, y))
    {
      return { PhantomTissue::Bone, 0 };
    }
    if (m_HasTrachea && m_Trachea.Contains(x, y))
    {
      return { PhantomTissue::Trachea, 0 };
    }
    if (m_HasLungs)
    {
      for (int side = 0; side < 2; ++side)
      {
        if (m_Lungs[side].Contains(x, y))
        {
          const unsigned char label = side == 0 ? 1 : 2;
          for (const Circle & vessel : m_Vessels[side])
          {
            if (vessel.Contains(x, y))
            {
              return { PhantomTissue::Vessel, label };
            }
          }
          return { side == 0 ? PhantomTissue::RightLung : PhantomTissue::LeftLung, label };
        }
      }
    }
    return { PhantomTissue::Muscle, 0 };
  }

private:
  bool
  InRib(double x, double y) const
  {
    if (m_RibIntervalCount == 0)
    {
      return false;
    }
    const double radiusSquared = m_Body.NormalisedRadiusSquared(x, y);
    if (radiusSquared < RibInnerRadius * RibInnerRadius || radiusSquared > RibOuterRadius * RibOuterRadius)
    {
      return false;
    }
    const double angleFromSpine = std::atan2(std::abs(x), y); // 0 posterior, pi anterior
    if (angleFromSpine < RibPosteriorAngle || angleFromSpine > RibAnteriorAngle)
    {
      return false;
    }
    const double a = (angleFromSpine - RibPosteriorAngle) / (RibAnteriorAngle - RibPosteriorAngle);
    return std::any_of(
      m_RibIntervals.begin(),
      m_RibIntervals.begin() + m_RibIntervalCount,
      [a](const std::pair<double, double> & interval) { return a >= interval.first && a <= interval.second; });
  }

  Ellipse m_Body;
  Ellipse m_BodyInsideFat;
  double  m_TableFront{ 0 };
  double  m_TableBack{ 0 };
  double  m_TableHalfWidth{ 0 };
  bool    m_CouchTop{ false }; // the table is a hollow couch top
  bool    m_HasArms{ false };
  Ellipse m_Arms[2];
  Circle  m_Humeri[2];
  Circle  m_VertebralBody;
  double  m_SpinousProcessHalfWidth{ 0 };
  double  m_SpinousProcessFront{ 0 };
  double  m_SpinousProcessBack{ 0 };
  bool    m_HasTrachea{ false };
  Circle  m_Trachea;
  bool    m_HasLungs{ false };
  Ellipse m_Lungs[2];
  Circle  m_Vessels[2][3];
  // A fixed array rather than a vector: TissueAt builds a cross-section per call and should not allocate.
  std::array<std::pair<double, double>, RibCount> m_RibIntervals;
  int                                             m_RibIntervalCount{ 0 };
};

std::int32_t
StoredFromHounsfield(const ThoraxPhantomParameters & parameters, double hounsfield)
{
  const std::int32_t lowest = LowestStoredValue(parameters);
  const std::int32_t highest = HighestStoredValue(parameters);
  const double       stored = std::round((hounsfield - parameters.rescaleIntercept) / parameters.rescaleSlope);
  std::int32_t       value = static_cast<std::int32_t>(std::clamp(stored, double(lowest), double(highest)));
  // The padding value must mean "outside the field of view" and nothing else, or a reader honouring
  // PixelPaddingValue would blank real pixels (clamped air in unsigned data with padding 0, typically).
  if (value == parameters.paddingStoredValue)
  {
    value += value == highest ? -1 : 1;
  }
  return value;
}

/** One acquisition slice: its cross-section and geometry worked out once for all its pixels. */
class SliceSampler
{
public:
  SliceSampler(const ThoraxPhantom & phantom, unsigned int k)
    : m_Phantom(phantom)
    , m_K(k)
    , m_ImagePosition(phantom.ImagePositionPatient(k))
    , m_Section(phantom.Parameters(), m_ImagePosition[2])
    , m_RowDirectionX(RowDirectionX(phantom.Parameters()))
    , m_TiltTangent(TiltTangent(phantom.Parameters()))
    , m_FieldOfViewRadius(phantom.FieldOfViewRadius())
  {}

  std::int32_t
  StoredValue(unsigned int row, unsigned int column) const
  {
    const ThoraxPhantomParameters & parameters = m_Phantom.Parameters();
    const ThoraxPhantom::PointType  point =
      PixelCenterFrom(m_ImagePosition, m_RowDirectionX, parameters.pixelSpacing, row, column);
    if (!InsideCircle(point, m_TiltTangent, m_FieldOfViewRadius))
    {
      return parameters.paddingStoredValue;
    }
    const double hounsfield =
      NominalHounsfield(m_Section.Classify(point[0], point[1]).tissue) + m_Phantom.NoiseHounsfield(m_K, row, column);
    return StoredFromHounsfield(parameters, hounsfield);
  }

  unsigned char
  LungLabel(unsigned int row, unsigned int column) const
  {
    const ThoraxPhantom::PointType point =
      PixelCenterFrom(m_ImagePosition, m_RowDirectionX, m_Phantom.Parameters().pixelSpacing, row, column);
    return m_Section.Classify(point[0], point[1]).lungLabel;
  }

private:
  const ThoraxPhantom &    m_Phantom;
  unsigned int             m_K;
  ThoraxPhantom::PointType m_ImagePosition;
  ThoraxCrossSection       m_Section;
  double                   m_RowDirectionX;
  double                   m_TiltTangent;
  double                   m_FieldOfViewRadius;
};

bool
IsValidUID(const std::string & uid)
{
  if (uid.empty() || uid.size() > 64 || uid.front() == '.' || uid.back() == '.' || uid.find("..") != std::string::npos)
  {
    return false;
  }
  return std::all_of(uid.begin(), uid.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

void
Require(bool condition, const char * parameter, const std::string & requirement, const std::string & remedy = {})
{
  if (!condition)
  {
    throw InvalidThoraxPhantomParameter(parameter, requirement, remedy);
  }
}

bool
IsPositive(double value)
{
  return std::isfinite(value) && value > 0;
}

void
ValidateParameters(const ThoraxPhantomParameters & p)
{
  const char * const sixteenBits = "DICOM stores it as a 16-bit value";
  Require(p.columns >= 1 && p.columns <= 65535,
          "columns",
          "must be between 1 and 65535 (it is " + std::to_string(p.columns) + ")",
          sixteenBits);
  Require(p.rows >= 1 && p.rows <= 65535,
          "rows",
          "must be between 1 and 65535 (it is " + std::to_string(p.rows) + ")",
          sixteenBits);
  Require(p.slices >= 1, "slices", "must be at least 1");
  const char * const millimetres = "give it in millimetres";
  Require(IsPositive(p.pixelSpacing), "pixelSpacing", "must be positive", millimetres);
  Require(IsPositive(p.sliceSpacing), "sliceSpacing", "must be positive", millimetres);
  Require(IsPositive(p.sliceThickness), "sliceThickness", "must be positive", millimetres);
  Require(IsPositive(p.rescaleSlope), "rescaleSlope", "must be positive");
  Require(std::isfinite(p.rescaleIntercept), "rescaleIntercept", "must be a finite number");
  Require(std::isfinite(p.gantryTiltDegrees) && std::abs(p.gantryTiltDegrees) < 60,
          "gantryTiltDegrees",
          "must be between -60 and 60 degrees",
          "real gantries tilt by 30 degrees at most");
  for (const unsigned int k : p.missingSlices)
  {
    Require(k < p.slices,
            "missingSlices",
            "must hold slice indices below the number of slices (" + std::to_string(p.slices) + "), not " +
              std::to_string(k),
            "they count the acquisition's slices from 0");
  }
  Require(std::isfinite(p.noiseSigma) && p.noiseSigma >= 0, "noiseSigma", "must not be negative");
  Require(std::isfinite(p.couchTopWidth) && p.couchTopWidth > 2 * CouchTopShell,
          "couchTopWidth",
          "must be more than twice the couch top's shell (6 mm)",
          "give it in millimetres: 500 to 530 mm for a real couch top");
  Require(std::isfinite(p.anatomyDiameter) && p.anatomyDiameter >= 0,
          "anatomyDiameter",
          "must not be negative",
          "give it in millimetres, or 0 to draw the anatomy for the field of view");
  Require(p.paddingStoredValue >= LowestStoredValue(p) && p.paddingStoredValue <= HighestStoredValue(p),
          "paddingStoredValue",
          "must fit " + std::string(p.signedPixels ? "signed" : "unsigned") + " 16-bit pixels (it is " +
            std::to_string(p.paddingStoredValue) + ")",
          p.signedPixels ? "use a value between -32768 and 32767" : "use 0 for unsigned pixels");
  Require(p.seriesDescription.size() <= 64 && p.seriesDescription.find('\\') == std::string::npos,
          "seriesDescription",
          "must have at most 64 characters and no backslash");
  const char * const uidRemedy = "use at most 64 digits and dots, or leave it empty";
  Require(p.studyInstanceUID.empty() || IsValidUID(p.studyInstanceUID),
          "studyInstanceUID",
          "must be a valid UID, not '" + p.studyInstanceUID + "'",
          uidRemedy);
  Require(p.seriesInstanceUID.empty() || IsValidUID(p.seriesInstanceUID),
          "seriesInstanceUID",
          "must be a valid UID, not '" + p.seriesInstanceUID + "'",
          uidRemedy);
}

// Attributes with a single value, of the type gdcm::Attribute expects for the tag's VR.
template <std::uint16_t TGroup, std::uint16_t TElement, typename TValue>
void
Put(gdcm::DataSet & dataSet, const TValue & value)
{
  // A multi-valued attribute has no storage until given its values: use PutValues for those.
  static_assert(static_cast<int>(gdcm::TagToType<TGroup, TElement>::VMType) == static_cast<int>(gdcm::VM::VM1),
                "Put writes single-valued attributes only");
  gdcm::Attribute<TGroup, TElement> attribute;
  attribute.SetValue(value);
  dataSet.Replace(attribute.GetAsDataElement());
}

// Attributes whose dictionary multiplicity is 1-n (ImageType, ConvolutionKernel, ...).
template <std::uint16_t TGroup, std::uint16_t TElement, typename TValue>
void
PutValues(gdcm::DataSet & dataSet, std::initializer_list<TValue> values)
{
  using AttributeType = gdcm::Attribute<TGroup, TElement>;
  const std::vector<typename AttributeType::ArrayType> array(values.begin(), values.end());
  AttributeType                                        attribute;
  attribute.SetValues(array.data(), static_cast<unsigned int>(array.size()), true);
  dataSet.Replace(attribute.GetAsDataElement());
}

// A text value written as is, padded to even length as DICOM requires. gdcm::Attribute pads every value
// of a multi-valued string separately (ORIGINAL\PRIMARY \AXIAL), which is legal but not what scanners write.
void
PutText(gdcm::DataSet & dataSet, const gdcm::Tag & tag, gdcm::VR vr, std::string text)
{
  if (text.size() % 2 != 0)
  {
    text.push_back(vr == gdcm::VR::UI ? '\0' : ' ');
  }
  gdcm::DataElement element(tag);
  element.SetVR(vr);
  element.SetByteValue(text.data(), static_cast<std::uint32_t>(text.size()));
  dataSet.Replace(element);
}

// DS values: GDCM writes the shortest text of at most 16 characters that holds them, which keeps
// millimetre geometry to well below 1e-4 mm; -0 would be written as "-0", so it becomes 0.
double
WithoutNegativeZero(double value)
{
  return value + 0.0;
}

} // namespace

InvalidThoraxPhantomParameter::InvalidThoraxPhantomParameter(std::string parameter, std::string requirement,
                                                             std::string remedy)
  : Error("", "invalid thorax phantom parameters: " + parameter + " " + requirement, std::move(remedy))
  , m_Parameter(std::move(parameter))
  , m_Requirement(std::move(requirement))
{}

ThoraxPhantom::ThoraxPhantom(ThoraxPhantomParameters parameters)
  : m_Parameters(std::move(parameters))
{
  ValidateParameters(m_Parameters);
  m_ParameterHash = HashSeriesIdentity(m_Parameters);
  m_NoiseKey = SplitMix64(m_Parameters.seed);
  m_SliceWritten.assign(m_Parameters.slices, true);
  for (const unsigned int k : m_Parameters.missingSlices)
  {
    m_SliceWritten[k] = false;
  }
}

PhantomTissue
ThoraxPhantom::TissueAt(const PointType & point) const
{
  return ThoraxCrossSection(m_Parameters, point[2]).Classify(point[0], point[1]).tissue;
}

short
ThoraxPhantom::NominalHounsfieldAt(const PointType & point) const
{
  return NominalHounsfield(TissueAt(point));
}

unsigned char
ThoraxPhantom::LungLabelAt(const PointType & point) const
{
  return ThoraxCrossSection(m_Parameters, point[2]).Classify(point[0], point[1]).lungLabel;
}

bool
ThoraxPhantom::InsideFieldOfView(const PointType & point) const
{
  return InsideCircle(point, TiltTangent(m_Parameters), FieldOfViewRadius());
}

double
ThoraxPhantom::FieldOfViewRadius() const noexcept
{
  return FieldOfViewRadiusOf(m_Parameters);
}

double
ThoraxPhantom::AnatomyDiameter() const noexcept
{
  return AnatomyDiameterOf(m_Parameters);
}

ThoraxPhantom::PointType
ThoraxPhantom::ImagePositionPatient(unsigned int k) const
{
  CheckSliceIndex(k);
  const double spacing = m_Parameters.pixelSpacing;
  const double z = (k - 0.5 * (m_Parameters.slices - 1)) * m_Parameters.sliceSpacing;
  PointType    position;
  // The first column is the one furthest towards the patient's right (head first) or left (feet first),
  // so that the slice centre is at x = 0.
  position[0] = -RowDirectionX(m_Parameters) * 0.5 * (m_Parameters.columns - 1) * spacing;
  position[1] = -0.5 * (m_Parameters.rows - 1) * spacing + z * TiltTangent(m_Parameters);
  position[2] = z;
  return position;
}

std::array<double, 6>
ThoraxPhantom::ImageOrientationPatient() const
{
  return { RowDirectionX(m_Parameters), 0.0, 0.0, 0.0, 1.0, 0.0 };
}

ThoraxPhantom::PointType
ThoraxPhantom::PixelCenter(unsigned int k, unsigned int row, unsigned int column) const
{
  return PixelCenterFrom(ImagePositionPatient(k), RowDirectionX(m_Parameters), m_Parameters.pixelSpacing, row, column);
}

bool
ThoraxPhantom::IsSliceWritten(unsigned int k) const
{
  CheckSliceIndex(k);
  return m_SliceWritten[k];
}

int
ThoraxPhantom::InstanceNumber(unsigned int k) const
{
  CheckSliceIndex(k);
  // Scanners number images in acquisition order, which starts at the head for head-first patients.
  return m_Parameters.feetFirst ? static_cast<int>(k) + 1 : static_cast<int>(m_Parameters.slices - k);
}

double
ThoraxPhantom::SliceLocation(unsigned int k) const
{
  const double z = ImagePositionPatient(k)[2];
  return WithoutNegativeZero(m_Parameters.feetFirst ? -z : z);
}

std::int32_t
ThoraxPhantom::StoredValue(unsigned int k, unsigned int row, unsigned int column) const
{
  if (row >= m_Parameters.rows || column >= m_Parameters.columns)
  {
    throw Error("",
                "pixel (row " + std::to_string(row) + ", column " + std::to_string(column) +
                  ") is outside the phantom's " + std::to_string(m_Parameters.rows) + " x " +
                  std::to_string(m_Parameters.columns) + " slices");
  }
  return SliceSampler(*this, k).StoredValue(row, column);
}

std::vector<std::int32_t>
ThoraxPhantom::StoredSlice(unsigned int k) const
{
  const SliceSampler        sampler(*this, k);
  std::vector<std::int32_t> values(static_cast<std::size_t>(m_Parameters.rows) * m_Parameters.columns);
  auto                      value = values.begin();
  for (unsigned int row = 0; row < m_Parameters.rows; ++row)
  {
    for (unsigned int column = 0; column < m_Parameters.columns; ++column)
    {
      *value++ = sampler.StoredValue(row, column);
    }
  }
  return values;
}

double
ThoraxPhantom::NoiseHounsfield(unsigned int k, unsigned int row, unsigned int column) const
{
  if (m_Parameters.noiseSigma == 0.0)
  {
    return 0.0;
  }
  // rows and columns fit in 16 bits (DICOM's limit), so the key is unique per pixel of the series.
  const std::uint64_t key = (std::uint64_t{ k } << 32) | (std::uint64_t{ row } << 16) | column;
  const std::uint64_t first = SplitMix64(m_NoiseKey ^ key);
  const std::uint64_t second = SplitMix64(first);
  const double        u1 = static_cast<double>((first >> 11) + 1) * 0x1.0p-53; // (0, 1]: log stays finite
  const double        u2 = static_cast<double>(second >> 11) * 0x1.0p-53;      // [0, 1)
  return m_Parameters.noiseSigma * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * Pi * u2);
}

short
ThoraxPhantom::ExpectedHounsfieldFromStored(std::int32_t storedValue) const
{
  if (storedValue == m_Parameters.paddingStoredValue)
  {
    return PhantomPaddingHounsfield;
  }
  const double hounsfield = std::round(storedValue * m_Parameters.rescaleSlope + m_Parameters.rescaleIntercept);
  return static_cast<short>(
    std::clamp(hounsfield, double(std::numeric_limits<short>::min()), double(std::numeric_limits<short>::max())));
}

unsigned int
ThoraxPhantom::AcquisitionSliceOfVolumeSlice(unsigned int m) const
{
  CheckSliceIndex(m);
  // The volume runs along the slice normal, +z head first and -z feet first.
  return m_Parameters.feetFirst ? m_Parameters.slices - 1 - m : m;
}

namespace
{
template <typename TImage>
typename TImage::Pointer
AllocateVolume(const ThoraxPhantom & phantom)
{
  const ThoraxPhantomParameters & parameters = phantom.Parameters();
  const std::array<double, 6>     orientation = phantom.ImageOrientationPatient();
  const double                    normal[3] = { orientation[1] * orientation[5] - orientation[2] * orientation[4],
                                                orientation[2] * orientation[3] - orientation[0] * orientation[5],
                                                orientation[0] * orientation[4] - orientation[1] * orientation[3] };
  typename TImage::DirectionType  direction;
  for (unsigned int i = 0; i < 3; ++i)
  {
    direction(i, 0) = orientation[i];
    direction(i, 1) = orientation[3 + i];
    direction(i, 2) = normal[i];
  }
  typename TImage::SizeType    size = { { parameters.columns, parameters.rows, parameters.slices } };
  typename TImage::SpacingType spacing;
  spacing[0] = parameters.pixelSpacing;
  spacing[1] = parameters.pixelSpacing;
  spacing[2] = parameters.sliceSpacing;

  auto image = TImage::New();
  image->SetRegions(typename TImage::RegionType(size));
  image->SetSpacing(spacing);
  image->SetOrigin(phantom.ImagePositionPatient(phantom.AcquisitionSliceOfVolumeSlice(0)));
  image->SetDirection(direction);
  image->Allocate();
  return image;
}
} // namespace

ThoraxPhantom::HUImageType::Pointer
ThoraxPhantom::ExpectedHounsfieldImage() const
{
  CheckRegularGrid(false);
  auto    image = AllocateVolume<HUImageType>(*this);
  short * voxel = image->GetBufferPointer();
  for (unsigned int m = 0; m < m_Parameters.slices; ++m)
  {
    for (const std::int32_t stored : StoredSlice(AcquisitionSliceOfVolumeSlice(m)))
    {
      *voxel++ = ExpectedHounsfieldFromStored(stored);
    }
  }
  return image;
}

ThoraxPhantom::LabelImageType::Pointer
ThoraxPhantom::LungLabelImage() const
{
  CheckRegularGrid(true);
  auto            image = AllocateVolume<LabelImageType>(*this);
  unsigned char * voxel = image->GetBufferPointer();
  for (unsigned int m = 0; m < m_Parameters.slices; ++m)
  {
    const SliceSampler sampler(*this, AcquisitionSliceOfVolumeSlice(m));
    for (unsigned int row = 0; row < m_Parameters.rows; ++row)
    {
      for (unsigned int column = 0; column < m_Parameters.columns; ++column)
      {
        *voxel++ = sampler.LungLabel(row, column);
      }
    }
  }
  return image;
}

std::string
ThoraxPhantom::StudyInstanceUID() const
{
  if (!m_Parameters.studyInstanceUID.empty())
  {
    return m_Parameters.studyInstanceUID;
  }
  return std::string(UIDRoot) + ".1." + std::to_string(m_Parameters.seed);
}

std::string
ThoraxPhantom::SeriesInstanceUID() const
{
  if (!m_Parameters.seriesInstanceUID.empty())
  {
    return m_Parameters.seriesInstanceUID;
  }
  // 48 bits of the hash: at most 15 digits, so every UID here stays well under DICOM's 64 characters.
  return std::string(UIDRoot) + ".3." + std::to_string(m_ParameterHash >> 16);
}

std::string
ThoraxPhantom::FrameOfReferenceUID() const
{
  // One patient (seed), one frame of reference, whatever the series.
  return std::string(UIDRoot) + ".2." + std::to_string(m_Parameters.seed);
}

std::string
ThoraxPhantom::SOPInstanceUID(unsigned int k) const
{
  CheckSliceIndex(k);
  return std::string(UIDRoot) + ".4." + std::to_string(m_ParameterHash >> 16) + "." + std::to_string(k + 1);
}

std::string
ThoraxPhantom::SliceFileName(unsigned int k) const
{
  CheckSliceIndex(k);
  char name[32];
  if (m_Parameters.hashedFileNames)
  {
    std::snprintf(name,
                  sizeof name,
                  "%016llx",
                  static_cast<unsigned long long>(SplitMix64(SplitMix64(m_ParameterHash ^ 0x46696C654E616D65ULL) + k)));
  }
  else
  {
    std::snprintf(name, sizeof name, "slice_%04d.dcm", InstanceNumber(k));
  }
  return name;
}

std::vector<std::string>
ThoraxPhantom::WriteDICOMSeries(const std::string & folder) const
{
  std::error_code error;
  fs::create_directories(folder, error);
  if (error || !fs::is_directory(folder))
  {
    throw Error(folder,
                "could not create the output folder" + (error ? ": " + error.message() : std::string()),
                "check the path and its permissions");
  }
  std::vector<std::string> paths;
  for (unsigned int k = 0; k < m_Parameters.slices; ++k)
  {
    if (!m_SliceWritten[k])
    {
      continue;
    }
    const std::string path = (fs::path(folder) / SliceFileName(k)).string();
    WriteSliceFile(k, path);
    paths.push_back(path);
  }
  return paths;
}

void
ThoraxPhantom::WriteSliceFile(unsigned int k, const std::string & path) const
{
  const ThoraxPhantomParameters & p = m_Parameters;

  // Little-endian bytes whatever the host, as the transfer syntax says; a negative value's two's
  // complement is what int16 storage holds.
  const std::vector<std::int32_t> stored = StoredSlice(k);
  std::vector<char>               pixelBytes(2 * stored.size());
  for (std::size_t i = 0; i < stored.size(); ++i)
  {
    const auto word = static_cast<std::uint16_t>(stored[i]);
    pixelBytes[2 * i] = static_cast<char>(word & 0xFF);
    pixelBytes[2 * i + 1] = static_cast<char>(word >> 8);
  }

  gdcm::ImageWriter writer;
  // gdcm::ImageWriter writes Rows, Columns, the pixel module, PixelSpacing, ImagePositionPatient,
  // ImageOrientationPatient and the rescale from the gdcm::Image, replacing any in the data set.
  gdcm::Image & image = writer.GetImage();
  image.SetNumberOfDimensions(2);
  image.SetDimension(0, p.columns);
  image.SetDimension(1, p.rows);
  image.SetPixelFormat(gdcm::PixelFormat(p.signedPixels ? gdcm::PixelFormat::INT16 : gdcm::PixelFormat::UINT16));
  image.SetPhotometricInterpretation(gdcm::PhotometricInterpretation::MONOCHROME2);
  image.SetTransferSyntax(gdcm::TransferSyntax::ExplicitVRLittleEndian);
  image.SetSpacing(0, p.pixelSpacing);
  image.SetSpacing(1, p.pixelSpacing);
  image.SetSpacing(2, p.sliceThickness);
  // gdcm::Image::SetOrigin(const double *) keeps only as many values as the image has dimensions (2);
  // setting them one by one, in increasing order (each call resizes to index + 1), keeps all three.
  const PointType position = ImagePositionPatient(k);
  for (unsigned int i = 0; i < 3; ++i)
  {
    image.SetOrigin(i, WithoutNegativeZero(position[i]));
  }
  const std::array<double, 6> orientation = ImageOrientationPatient();
  image.SetDirectionCosines(orientation.data());
  image.SetIntercept(p.rescaleIntercept);
  image.SetSlope(p.rescaleSlope);
  gdcm::DataElement pixelData(gdcm::Tag(0x7FE0, 0x0010));
  pixelData.SetByteValue(pixelBytes.data(), static_cast<std::uint32_t>(pixelBytes.size()));
  image.SetDataElement(pixelData);

  gdcm::DataSet & ds = writer.GetFile().GetDataSet();
  PutValues<0x0008, 0x0005>(ds, { "ISO_IR 100" });
  PutText(ds, gdcm::Tag(0x0008, 0x0008), gdcm::VR::CS, "ORIGINAL\\PRIMARY\\AXIAL");
  Put<0x0008, 0x0016>(ds, CTImageStorage);
  Put<0x0008, 0x0018>(ds, SOPInstanceUID(k));
  // Fixed dates and times: GDCM would otherwise stamp the current time and no two writes would match.
  for (const auto & date :
       { gdcm::Tag(0x0008, 0x0020), gdcm::Tag(0x0008, 0x0021), gdcm::Tag(0x0008, 0x0022), gdcm::Tag(0x0008, 0x0023) })
  {
    gdcm::DataElement element(date);
    element.SetVR(gdcm::VR::DA);
    element.SetByteValue("20200101", 8);
    ds.Replace(element);
  }
  for (const auto & time :
       { gdcm::Tag(0x0008, 0x0030), gdcm::Tag(0x0008, 0x0031), gdcm::Tag(0x0008, 0x0032), gdcm::Tag(0x0008, 0x0033) })
  {
    gdcm::DataElement element(time);
    element.SetVR(gdcm::VR::TM);
    element.SetByteValue("120000", 6);
    ds.Replace(element);
  }
  Put<0x0008, 0x0060>(ds, "CT");
  Put<0x0008, 0x0070>(ds, "ChestCT");
  Put<0x0008, 0x103E>(ds, p.seriesDescription);
  Put<0x0008, 0x1090>(ds, "Thorax phantom");
  Put<0x0010, 0x0010>(ds, "Phantom^Thorax");
  Put<0x0010, 0x0020>(ds, "CHESTCT-PHANTOM");
  Put<0x0018, 0x0015>(ds, "CHEST");
  Put<0x0018, 0x0050>(ds, p.sliceThickness);
  Put<0x0018, 0x0060>(ds, 120.0);
  Put<0x0018, 0x1120>(ds, WithoutNegativeZero(p.gantryTiltDegrees));
  PutValues<0x0018, 0x1210>(ds, { "PHANTOM" });
  Put<0x0018, 0x5100>(ds, p.feetFirst ? "FFS" : "HFS");
  Put<0x0020, 0x000D>(ds, StudyInstanceUID());
  Put<0x0020, 0x000E>(ds, SeriesInstanceUID());
  Put<0x0020, 0x0010>(ds, "1");
  Put<0x0020, 0x0011>(ds, 1);
  Put<0x0020, 0x0012>(ds, 1);
  Put<0x0020, 0x0013>(ds, InstanceNumber(k));
  Put<0x0020, 0x0052>(ds, FrameOfReferenceUID());
  Put<0x0020, 0x1041>(ds, SliceLocation(k));
  if (p.writePaddingValueTag)
  {
    // The VR of PixelPaddingValue follows PixelRepresentation (US or SS); gdcm::Attribute cannot choose.
    gdcm::DataElement padding(gdcm::Tag(0x0028, 0x0120));
    padding.SetVR(p.signedPixels ? gdcm::VR::SS : gdcm::VR::US);
    const auto word = static_cast<std::uint16_t>(p.paddingStoredValue);
    const char bytes[2] = { static_cast<char>(word & 0xFF), static_cast<char>(word >> 8) };
    padding.SetByteValue(bytes, 2);
    ds.Replace(padding);
  }
  PutValues<0x0028, 0x1050>(ds, { -600.0 }); // a lung window, for viewers
  PutValues<0x0028, 0x1051>(ds, { 1500.0 });
  Put<0x0028, 0x1054>(ds, "HU");
  // The writer adds it too, but GDCM's rescale helper looks for it first and warns when it is absent.
  Put<0x0028, 0x0004>(ds, "MONOCHROME2");

  AtomicOutputFile output(path);
  writer.SetFileName(output.TemporaryPath().c_str());
  if (!writer.Write())
  {
    throw Error(path, "GDCM could not write the DICOM file", "check free disk space and permissions");
  }
  output.Commit();
}

void
ThoraxPhantom::CheckSliceIndex(unsigned int k) const
{
  if (k >= m_Parameters.slices)
  {
    throw Error("",
                "slice " + std::to_string(k) + " does not exist: the phantom has " +
                  std::to_string(m_Parameters.slices) + " slices (0 to " + std::to_string(m_Parameters.slices - 1) +
                  ")");
  }
}

void
ThoraxPhantom::CheckRegularGrid(bool allowMissingSlices) const
{
  if (m_Parameters.gantryTiltDegrees != 0.0)
  {
    throw Error("",
                "a tilted phantom's slices do not lie on a regular grid",
                "compare against StoredValue, ImagePositionPatient and the analytic anatomy instead");
  }
  if (!allowMissingSlices && !m_Parameters.missingSlices.empty())
  {
    throw Error("",
                "a phantom with missing slices has no complete volume to compare against",
                "compare the slices present against StoredValue instead");
  }
}

} // namespace chestct
