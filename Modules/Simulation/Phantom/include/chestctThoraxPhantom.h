#ifndef chestctThoraxPhantom_h
#define chestctThoraxPhantom_h

#include "chestctError.h"

#include "itkImage.h"
#include "itkPoint.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace chestct
{

/** \brief What to simulate and how to write it; every field has a default that gives a typical axial chest CT.
 *
 * Patient space is DICOM's LPS: +x towards the patient's left, +y posterior,
 * +z towards the head. The anatomy is laid out relative to the field of view
 * (its diameter, unless anatomyDiameter fixes the body's size) and to the
 * length of the stack, so a phantom of any size contains every structure, and
 * two phantoms covering the same physical extent contain the same anatomy
 * whatever their sampling.
 *
 * \ingroup ChestCTPhantom
 */
struct ThoraxPhantomParameters
{
  unsigned int columns = 128;        ///< image x (patient left, LPS +x); at most 65535
  unsigned int rows = 128;           ///< image y (patient posterior, LPS +y); at most 65535
  unsigned int slices = 48;          ///< acquisition slices, including the missing ones
  double       pixelSpacing = 3.0;   ///< mm, square pixels
  double       sliceSpacing = 5.0;   ///< mm between consecutive slice positions along the stack
  double       sliceThickness = 5.0; ///< mm, only written to the header
  double       rescaleSlope = 1.0;   ///< must be positive
  double       rescaleIntercept = -1024.0;
  bool         signedPixels = true; ///< PixelRepresentation 1 (int16 stored) or 0 (uint16 stored)

  /** Tilt about the patient x axis, in degrees (|tilt| < 60). ImageOrientationPatient stays axial
   * (1,0,0,0,1,0) but ImagePositionPatient moves in y by sliceSpacing*tan(tilt) per slice (positive tilt:
   * y grows towards the head), as on a tilted gantry; also written to GantryDetectorTilt (0018,1120). */
  double gantryTiltDegrees = 0.0;

  /** PatientPosition FFS, ImageOrientationPatient (-1,0,0,0,1,0), InstanceNumber 1 at the feet, and
   * SliceLocation written with the opposite sign of ImagePositionPatient z, as real feet-first data does. */
  bool feetFirst = false;

  /** The diameter (mm) of the circle the anatomy is drawn for (see ThoraxPhantom: the body is 0.85 of it
   * wide). 0 draws it for the field of view itself, so that the body fills the image at any size. A smaller
   * value puts the same body in a wider field, as a large-bore scanner sees it for radiotherapy planning; a
   * larger one cuts the body with the field of view. */
  double anatomyDiameter = 0.0;
  /** The arms raised, as for radiotherapy planning: beside the body in the top quarter of the stack, clear of
   * it. They lie outside a field of view the anatomy fills (anatomyDiameter 0), so they are seen in a wider one. */
  bool armsUp = false;
  /** A radiotherapy couch top in place of the diagnostic table: foam (-950 HU) in a 3 mm shell of carbon fibre
   * (+300 HU), couchTopWidth wide and 51 mm thick whatever the anatomy's size, just under the back. Its core is
   * air to a threshold, and on a large bore (or when narrow enough) it reaches neither the image's edge nor the
   * field of view's. */
  bool   couchTop = false;
  double couchTopWidth = 500.0; ///< mm, more than twice the shell; a real couch top is 500 to 530 mm wide

  std::vector<unsigned int> missingSlices;     ///< acquisition slice indices not written (a gap in the stack)
  double                    noiseSigma = 15.0; ///< Gaussian noise in HU; a pure function of (seed, slice, row, column)
  std::uint32_t             seed = 1;

  bool writePaddingValueTag = true; ///< write PixelPaddingValue (0028,0120) = paddingStoredValue
  /** Stored value outside the circular field of view; it must fit the stored type (use 0 for unsigned pixels). */
  int paddingStoredValue = -2000;

  std::string seriesDescription = "ChestCT thorax phantom"; ///< at most 64 characters
  /** File names that do not reveal slice order and have no extension (16 hexadecimal digits), so a reader
   * cannot get away with sorting by name; otherwise slice_0001.dcm ... numbered by InstanceNumber. */
  bool hashedFileNames = true;

  /** Empty: derived from the seed (study) or from all parameters (series). Set them to build, say, two
   * series that share a SeriesInstanceUID. At most 64 characters, digits and dots. */
  std::string studyInstanceUID;
  std::string seriesInstanceUID;
};

/** \class InvalidThoraxPhantomParameter
 * \brief The chestct::Error a ThoraxPhantom throws for parameters that cannot describe a CT series.
 *
 * It names the parameter (a field of ThoraxPhantomParameters) apart from what the parameter must be, so that a
 * caller can name it the way its own user set it: the command line names its option.
 *
 * \ingroup ChestCTPhantom
 */
class InvalidThoraxPhantomParameter : public Error
{
public:
  InvalidThoraxPhantomParameter(std::string parameter, std::string requirement, std::string remedy = {});

  /** The field of ThoraxPhantomParameters that is wrong, as "couchTopWidth". */
  const std::string &
  Parameter() const noexcept
  {
    return m_Parameter;
  }
  /** What it must be, without its name, as "must not be negative". */
  const std::string &
  Requirement() const noexcept
  {
    return m_Requirement;
  }

private:
  std::string m_Parameter;
  std::string m_Requirement;
};

/** \brief The tissue classes of the phantom's anatomy. \ingroup ChestCTPhantom */
enum class PhantomTissue : unsigned char
{
  Outside = 0, ///< air outside the body and the table
  RightLung = 1,
  LeftLung = 2,
  Trachea = 3,
  Bone = 4,
  Muscle = 5, ///< also the mediastinum
  Fat = 6,
  Vessel = 7, ///< pulmonary vessels; they lie inside a lung
  Table = 8,
  CouchShell = 9, ///< a radiotherapy couch top's carbon-fibre shell (couchTop)
  CouchFoam = 10  ///< the foam inside it
};

/** The noise-free Hounsfield value of each tissue: air and trachea -1000, lung -850, fat -100,
 * muscle 40, vessel 40, bone 700, table 100, couch shell 300, couch foam -950. \ingroup ChestCTPhantom */
constexpr short
NominalHounsfield(PhantomTissue tissue) noexcept
{
  switch (tissue)
  {
    case PhantomTissue::Outside:
    case PhantomTissue::Trachea:
      return -1000;
    case PhantomTissue::RightLung:
    case PhantomTissue::LeftLung:
      return -850;
    case PhantomTissue::Fat:
      return -100;
    case PhantomTissue::Muscle:
    case PhantomTissue::Vessel:
      return 40;
    case PhantomTissue::Bone:
      return 700;
    case PhantomTissue::Table:
      return 100;
    case PhantomTissue::CouchShell:
      return 300;
    case PhantomTissue::CouchFoam:
      return -950;
  }
  return -1000;
}

/** The Hounsfield value a reader must give padding (pixels outside the field of view): air. \ingroup ChestCTPhantom */
constexpr short PhantomPaddingHounsfield = -1024;

/** \class ThoraxPhantom
 * \brief A deterministic synthetic thorax, written as a real CT DICOM series through GDCM, with its ground truth.
 *
 * The anatomy is analytic (TissueAt is defined at every point in patient space), so tests can ask what
 * lies anywhere without sampling artefacts. Every stored pixel value is a pure function of the parameters
 * and of (slice, row, column), noise included, so what a reader should produce is known exactly:
 * StoredValue() is what the file holds, ExpectedHounsfieldImage() is the volume a correct reader must
 * return. The same parameters always give byte-identical files on one platform (the noise uses std::log
 * and std::cos, whose last bit may differ between C libraries).
 *
 * Anatomy, in units of the anatomy's diameter D (AnatomyDiameter(): the field of view's, 2 FieldOfViewRadius(),
 * unless anatomyDiameter is set) across the slice and of the stack half-length H (= slices*sliceSpacing/2)
 * along z, the body centred on x = y = 0, the stack on z = 0:
 *  - body: ellipse 0.85 D wide, 0.60 D deep, with 0.03 D of fat under the skin and muscle inside;
 *  - lungs: elliptic sections centred at x = -/+0.18 D (right lung at negative x), 0.25 D wide (the right
 *    one 5% wider, as in real chests) and 0.35 D deep, from z = -0.80 H (base) to +0.85 H (apex), tapering
 *    like a dome towards the apex and more abruptly at the base; the mediastinum keeps them at least
 *    0.04 D apart; three vessels (circles of radius 0.012 D, narrowing with the lung) in each;
 *  - trachea: air tube of radius 0.03 D centred at y = +0.07 D (anterior to the spine, between the lungs),
 *    from z = +0.25 H to the top of the stack;
 *  - spine: vertebral body (radius 0.045 D centred at y = +0.175 D) and spinous process, the whole stack;
 *  - ribs: eight bone arcs just inside the fat layer, sloping down anteriorly, so each slice cuts them differently;
 *  - table: flat slab 0.03 D thick, 0.80 D wide, just posterior to the body; or with couchTop a hollow couch
 *    top couchTopWidth wide and 51 mm thick there (a 3 mm shell round foam);
 *  - arms (armsUp): ellipses of muscle 0.20 D wide and 0.30 D deep round a humerus of radius 0.04 D, centred
 *    at x = -/+0.56 D, y = +0.05 D, from z = +0.50 H to the top of the stack;
 *  - field of view: circle of radius 0.48 * min(columns, rows) * pixelSpacing about the slice centre
 *    (which follows the tilt); outside it every stored value is paddingStoredValue.
 *
 * \ingroup ChestCTPhantom
 */
class ThoraxPhantom
{
public:
  using HUImageType = itk::Image<short, 3>;
  using LabelImageType = itk::Image<unsigned char, 3>;
  using PointType = itk::Point<double, 3>;

  /** Throws InvalidThoraxPhantomParameter when the parameters cannot describe a CT series. */
  explicit ThoraxPhantom(ThoraxPhantomParameters parameters = {});

  const ThoraxPhantomParameters &
  Parameters() const noexcept
  {
    return m_Parameters;
  }

  /** \name The analytic anatomy in patient space (LPS, mm), noise-free. */
  ///@{
  PhantomTissue
  TissueAt(const PointType & point) const;
  /** NominalHounsfield(TissueAt(point)). */
  short
  NominalHounsfieldAt(const PointType & point) const;
  /** 0, 1 = right lung, 2 = left lung (the lungmask convention); vessels inside a lung count as that lung;
   * the trachea is 0. */
  unsigned char
  LungLabelAt(const PointType & point) const;
  /** Inside the circular reconstruction field of view. */
  bool
  InsideFieldOfView(const PointType & point) const;
  double
  FieldOfViewRadius() const noexcept;
  /** D, the diameter the anatomy is drawn for: anatomyDiameter, or 2 FieldOfViewRadius() when it is 0. */
  double
  AnatomyDiameter() const noexcept;
  ///@}

  /** \name The acquisition grid. Slice k (0-based) increases with ImagePositionPatient z whatever the
   * patient position; rows and columns are those of the file. */
  ///@{
  PointType
  ImagePositionPatient(unsigned int k) const;
  /** Row direction then column direction: (1,0,0,0,1,0), or (-1,0,0,0,1,0) feet first. */
  std::array<double, 6>
  ImageOrientationPatient() const;
  /** The centre of pixel (row, column) of slice k in patient space. */
  PointType
  PixelCenter(unsigned int k, unsigned int row, unsigned int column) const;
  /** Whether slice k is written (it is not in missingSlices). */
  bool
  IsSliceWritten(unsigned int k) const;
  /** 1 at the head for head-first, 1 at the feet for feet-first; missing slices keep their number, so the
   * numbers of a series with a gap have a gap too. */
  int
  InstanceNumber(unsigned int k) const;
  /** The SliceLocation written: ImagePositionPatient z, negated for feet-first. */
  double
  SliceLocation(unsigned int k) const;
  ///@}

  /** \name Pixel values. */
  ///@{
  /** Exactly what is written to file at slice k, pixel (row, column): paddingStoredValue outside the field
   * of view; inside it round((HU + noise - intercept) / slope), halves away from zero, clamped to the stored
   * type and, in the rare case it lands on paddingStoredValue, moved one step off it, so that the padding
   * value marks exactly the pixels outside the field of view. */
  std::int32_t
  StoredValue(unsigned int k, unsigned int row, unsigned int column) const;
  /** StoredValue for a whole slice, row by row (index row * columns + column); faster than pixel by pixel. */
  std::vector<std::int32_t>
  StoredSlice(unsigned int k) const;
  /** The noise added at slice k, pixel (row, column), in HU: noiseSigma times a standard normal variate
   * (Box-Muller on a splitmix64 hash of seed, k, row and column). */
  double
  NoiseHounsfield(unsigned int k, unsigned int row, unsigned int column) const;
  /** The HU a correct reader gives a stored value: PhantomPaddingHounsfield for paddingStoredValue,
   * otherwise std::round(stored * slope + intercept) clamped to short. */
  short
  ExpectedHounsfieldFromStored(std::int32_t storedValue) const;
  ///@}

  /** \name The regular volume a correct reader must produce.
   * Origin = ImagePositionPatient of the slice with the lowest position projected on the slice normal;
   * spacing (pixelSpacing, pixelSpacing, sliceSpacing); direction columns = row direction, column
   * direction and their cross product (the slice normal: +z head first, -z feet first); every slice
   * present. Its slice m is acquisition slice AcquisitionSliceOfVolumeSlice(m). */
  ///@{
  /** Voxels are ExpectedHounsfieldFromStored(StoredValue(...)): exactly stored*slope+intercept, and
   * -1024 outside the field of view. When writePaddingValueTag is false the files do not say which value
   * is padding, yet the volume still holds -1024 there. Throws chestct::Error for a tilted series or one
   * with missing slices, which have no such volume. */
  HUImageType::Pointer
  ExpectedHounsfieldImage() const;
  /** LungLabelAt at the voxel centres of the same grid (every slice, missing ones included). Throws
   * chestct::Error for a tilted series. */
  LabelImageType::Pointer
  LungLabelImage() const;
  unsigned int
  AcquisitionSliceOfVolumeSlice(unsigned int m) const;
  ///@}

  /** \name What identifies the series in the files. UIDs are deterministic, under the root
   * 1.2.826.0.1.3680043.10.1083: the study and frame of reference from the seed, the series from every
   * parameter except hashedFileNames, so that different phantoms written side by side never share a series. */
  ///@{
  std::string
  StudyInstanceUID() const;
  std::string
  SeriesInstanceUID() const;
  std::string
  FrameOfReferenceUID() const;
  std::string
  SOPInstanceUID(unsigned int k) const;
  /** The name (no folder) slice k is written under. */
  std::string
  SliceFileName(unsigned int k) const;
  ///@}

  /** Writes the series, one CT Image Storage file per slice in Explicit VR Little Endian, except
   * missingSlices, into `folder` (created if absent; other files in it are left alone, files of the same
   * name replaced). Each file appears whole or not at all. Returns the paths written, in increasing k.
   * Generates one slice at a time, so memory does not grow with the number of slices. Throws
   * chestct::Error naming the file when writing fails. */
  std::vector<std::string>
  WriteDICOMSeries(const std::string & folder) const;

private:
  void
  CheckSliceIndex(unsigned int k) const;
  void
  CheckRegularGrid(bool allowMissingSlices) const;
  void
  WriteSliceFile(unsigned int k, const std::string & path) const;

  ThoraxPhantomParameters m_Parameters;
  std::uint64_t           m_ParameterHash{ 0 }; ///< series identity: every parameter but the file naming
  std::uint64_t           m_NoiseKey{ 0 };      ///< the seed, mixed once
  std::vector<bool>       m_SliceWritten;
};

} // namespace chestct

#endif
