#include "chestctLungSegmentation.h"
#include "chestctLabelOverlap.h"
#include "chestctTestData.h"
#include "chestctImageSlabs.h"
#include "chestctThoraxPhantom.h"
#include "itkLungSegmentationImageFilter.h"

#include "itkImageRegionIterator.h"
#include "itkImageRegionIteratorWithIndex.h"
#include "itkPipelineMonitorImageFilter.h"
#include "itkRegionOfInterestImageFilter.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

using chestct::testing::DiceOfLabel;
using HUImage = itk::Image<short, 3>;
using LabelImage = itk::Image<unsigned char, 3>;

namespace
{
// The physical x (LPS: towards the patient's left) of a label's centroid.
double
CentroidX(const LabelImage * labels, unsigned char label)
{
  double                                             sum = 0.0;
  std::size_t                                        count = 0;
  itk::ImageRegionConstIteratorWithIndex<LabelImage> it(labels, labels->GetBufferedRegion());
  for (; !it.IsAtEnd(); ++it)
  {
    if (it.Get() == label)
    {
      LabelImage::PointType point;
      labels->TransformIndexToPhysicalPoint(it.GetIndex(), point);
      sum += point[0];
      ++count;
    }
  }
  return count > 0 ? sum / static_cast<double>(count) : 0.0;
}

template <typename TImage>
typename TImage::Pointer
CropColumns(const TImage * image, long firstColumn)
{
  auto region = image->GetLargestPossibleRegion();
  region.SetIndex(0, firstColumn);
  region.SetSize(0, region.GetSize(0) - static_cast<itk::SizeValueType>(firstColumn));
  auto crop = itk::RegionOfInterestImageFilter<TImage, TImage>::New();
  crop->SetInput(image);
  crop->SetRegionOfInterest(region);
  crop->Update();
  return crop->GetOutput();
}

// Air with a little noise at `index`: air of one value through the whole stack would be taken for the padding
// outside the field of view.
short
NoisyAir(const itk::Index<3> & index)
{
  return static_cast<short>(-1010 + (7 * index[0] + 13 * index[1] + 31 * index[2]) % 21);
}

// The y (mm) of the phantom's trachea, on the midline: 0.07 of its anatomy's diameter, as ThoraxPhantom documents.
double
TracheaCentreY(const chestct::ThoraxPhantom & phantom)
{
  return 0.07 * phantom.AnatomyDiameter();
}

// Solid nodules (40 HU) centred on the lungs' surface of a finer phantom, half in the lung and half in the chest
// wall, as a juxta-pleural nodule lies: the part inside the lung is a bay of tissue in its outline. Diameters
// 10, 12 and 15 mm: right lateral, left lateral, right posterior.
struct PleuralNodules
{
  struct Nodule
  {
    unsigned char         lung;
    LabelImage::PointType centre;
    double                radius; // mm
  };
  LabelImage::Pointer truth;
  HUImage::Pointer    hu;
  std::vector<Nodule> nodules;

  PleuralNodules()
  {
    chestct::ThoraxPhantomParameters parameters;
    parameters.columns = 256;
    parameters.rows = 256;
    parameters.pixelSpacing = 1.5;
    parameters.slices = 96;
    parameters.sliceSpacing = 2.5;
    const chestct::ThoraxPhantom phantom(parameters);
    hu = phantom.ExpectedHounsfieldImage();
    truth = phantom.LungLabelImage();
    nodules = { { 1, SurfacePoint(1, false), 5.0 },
                { 2, SurfacePoint(2, false), 6.0 },
                { 1, SurfacePoint(1, true), 7.5 } };
    for (itk::ImageRegionIteratorWithIndex<HUImage> it(hu, hu->GetBufferedRegion()); !it.IsAtEnd(); ++it)
    {
      HUImage::PointType point;
      hu->TransformIndexToPhysicalPoint(it.GetIndex(), point);
      for (const Nodule & n : nodules)
        if (point.EuclideanDistanceTo(n.centre) <= n.radius)
          it.Set(40);
    }
  }

  // A point on a lung's surface: from the lung's centroid in its middle slice, along the row (lateral) or the
  // column (posterior), the last voxel of the lung.
  LabelImage::PointType
  SurfacePoint(unsigned char lung, bool posterior) const
  {
    const auto  size = truth->GetLargestPossibleRegion().GetSize();
    long        lowest = static_cast<long>(size[2]), highest = -1;
    double      sumX = 0.0, sumY = 0.0;
    std::size_t count = 0;
    for (itk::ImageRegionConstIteratorWithIndex<LabelImage> it(truth, truth->GetBufferedRegion()); !it.IsAtEnd(); ++it)
      if (it.Get() == lung)
      {
        lowest = std::min(lowest, static_cast<long>(it.GetIndex()[2]));
        highest = std::max(highest, static_cast<long>(it.GetIndex()[2]));
      }
    const long z = (lowest + highest) / 2;
    for (long y = 0; y < static_cast<long>(size[1]); ++y)
      for (long x = 0; x < static_cast<long>(size[0]); ++x)
        if (truth->GetPixel({ { x, y, z } }) == lung)
        {
          sumX += static_cast<double>(x);
          sumY += static_cast<double>(y);
          ++count;
        }
    itk::Index<3> at{
      { std::lround(sumX / static_cast<double>(count)), std::lround(sumY / static_cast<double>(count)), z }
    };
    const long step = posterior ? 1 : (lung == 1 ? -1 : 1); // LPS: the right lung's lateral side is -x
    const int  axis = posterior ? 1 : 0;
    while (true)
    {
      itk::Index<3> next = at;
      next[axis] += step;
      if (next[axis] < 0 || next[axis] >= static_cast<long>(size[axis]) || truth->GetPixel(next) != lung)
        break;
      at = next;
    }
    LabelImage::PointType point;
    truth->TransformIndexToPhysicalPoint(at, point);
    return point;
  }

  // For each nodule, the fraction of its voxels inside its lung that `labels` give that lung.
  std::vector<double>
  FractionsKept(const LabelImage * labels) const
  {
    std::vector<std::size_t> inside(nodules.size(), 0), kept(nodules.size(), 0);
    for (itk::ImageRegionConstIteratorWithIndex<LabelImage> it(labels, labels->GetBufferedRegion()); !it.IsAtEnd();
         ++it)
    {
      LabelImage::PointType point;
      labels->TransformIndexToPhysicalPoint(it.GetIndex(), point);
      for (std::size_t n = 0; n < nodules.size(); ++n)
        if (point.EuclideanDistanceTo(nodules[n].centre) <= nodules[n].radius &&
            truth->GetPixel(it.GetIndex()) == nodules[n].lung)
        {
          ++inside[n];
          kept[n] += it.Get() == nodules[n].lung ? 1 : 0;
        }
    }
    std::vector<double> fractions;
    for (std::size_t n = 0; n < nodules.size(); ++n)
    {
      REQUIRE(inside[n] > 20);
      fractions.push_back(static_cast<double>(kept[n]) / static_cast<double>(inside[n]));
    }
    return fractions;
  }
};
// The lungs of a phantom on a hollow couch top (ThoraxPhantomParameters::couchTop) whose foam core reaches
// neither the image's edge nor the field of view's and lies inside the body's hull (its shell touches the
// back): the core, larger than either lung, is left out with the report's note.
void
CheckCouchCoreLeftOut(const chestct::ThoraxPhantomParameters & parameters)
{
  const chestct::ThoraxPhantom    phantom(parameters);
  const auto                      truth = phantom.LungLabelImage();
  chestct::LungSegmentationReport report;
  const auto                      labels = chestct::SegmentLungs(phantom.ExpectedHounsfieldImage(), {}, &report);
  INFO("right " << report.rightLungVolume << " mL, left " << report.leftLungVolume << " mL");
  CHECK(DiceOfLabel(truth, labels, 1) > 0.995);
  CHECK(DiceOfLabel(truth, labels, 2) > 0.995);
  REQUIRE(report.notes.size() == 1);
  CHECK(report.notes[0].find("couch top") != std::string::npos);
}
} // namespace

TEST_CASE("The phantom's lungs are labelled right 1 and left 2 with its vessels and without its trachea")
{
  const chestct::ThoraxPhantom    phantom;
  const auto                      hu = phantom.ExpectedHounsfieldImage();
  const auto                      truth = phantom.LungLabelImage();
  chestct::LungSegmentationReport report;
  const auto                      labels = chestct::SegmentLungs(hu, {}, &report);

  CHECK(DiceOfLabel(truth, labels, 1) > 0.995);
  CHECK(DiceOfLabel(truth, labels, 2) > 0.995);
  CHECK(CentroidX(labels, 1) < 0.0); // the patient's right is LPS -x
  CHECK(CentroidX(labels, 2) > 0.0);
  CHECK(report.tracheaFound);
  CHECK(report.airwayVolume > 5.0);
  CHECK(report.rightLungVolume > report.leftLungVolume); // the phantom's right lung is 5% wider
  CHECK(report.notes.empty());

  // Not one trachea voxel is lung.
  std::size_t                                        tracheaInLung = 0;
  std::size_t                                        tracheaVoxels = 0;
  itk::ImageRegionConstIteratorWithIndex<LabelImage> it(labels, labels->GetBufferedRegion());
  for (; !it.IsAtEnd(); ++it)
  {
    LabelImage::PointType point;
    labels->TransformIndexToPhysicalPoint(it.GetIndex(), point);
    if (phantom.TissueAt(point) == chestct::PhantomTissue::Trachea)
    {
      ++tracheaVoxels;
      tracheaInLung += it.Get() != 0 ? 1 : 0;
    }
  }
  CHECK(tracheaVoxels > 100);
  CHECK(tracheaInLung == 0);
}

TEST_CASE("Nodules against the pleura are lung: the ball closing takes the bay's inside, the bay rule its mouth")
{
  const PleuralNodules nodules;
  // Their diameters are 10, 12 and 15 mm against the closing's ball of 16 mm.
  chestct::LungSegmentationParameters closingAlone;
  closingAlone.pleuralBayReach = 0.0;
  const auto labelsWithClosingAlone = chestct::SegmentLungs(nodules.hu, closingAlone);
  const auto labels = chestct::SegmentLungs(nodules.hu);
  // The ITK filter passes the reach on.
  {
    auto filter = itk::LungSegmentationImageFilter<HUImage, LabelImage>::New();
    filter->SetInput(nodules.hu);
    filter->SetPleuralBayReach(0.0);
    filter->Update();
    CHECK(DiceOfLabel(labelsWithClosingAlone, filter->GetOutput(), 1) == 1.0);
    CHECK(DiceOfLabel(labelsWithClosingAlone, filter->GetOutput(), 2) == 1.0);
  }
  const std::vector<double> withClosingAlone = nodules.FractionsKept(labelsWithClosingAlone);
  const std::vector<double> withBays = nodules.FractionsKept(labels);
  INFO("closing alone: " << withClosingAlone[0] << ", " << withClosingAlone[1] << ", " << withClosingAlone[2]
                         << "; with the bay rule: " << withBays[0] << ", " << withBays[1] << ", " << withBays[2]);
  CHECK(withClosingAlone[0] < 0.5); // 0.33 measured: the ball dips into the bay's mouth
  CHECK(withBays[0] >= 0.9);        // 0.96
  CHECK(withBays[1] >= 0.75);       // 0.80
  CHECK(withBays[2] >= 0.55);       // 0.63
  for (std::size_t n = 0; n < withBays.size(); ++n)
    CHECK(withBays[n] > withClosingAlone[n]);
  CHECK(DiceOfLabel(nodules.truth, labels, 1) > 0.99);
  CHECK(DiceOfLabel(nodules.truth, labels, 2) > 0.99);
}

TEST_CASE("The foam core of a couch top inside the field of view is not taken for a lung")
{
  // The standard phantom's field of view, the couch top narrowed to 150 mm to lie wholly inside it.
  chestct::ThoraxPhantomParameters parameters;
  parameters.couchTop = true;
  parameters.couchTopWidth = 150.0;
  CheckCouchCoreLeftOut(parameters);
}

TEST_CASE("A radiotherapy setting: a large bore, the arms up and a hollow couch top 500 mm wide")
{
  // The standard phantom's anatomy in a field of view of 714 mm (a large bore's), the arms up beside the top
  // quarter of the stack, and a couch top 500 mm wide under the back in place of the table.
  chestct::ThoraxPhantomParameters parameters;
  parameters.columns = 248;
  parameters.rows = 248;
  parameters.anatomyDiameter = chestct::ThoraxPhantom().AnatomyDiameter();
  parameters.armsUp = true;
  parameters.couchTop = true;
  CheckCouchCoreLeftOut(parameters);
}

TEST_CASE("A feet-first noisy phantom at another sampling keeps right and left")
{
  chestct::ThoraxPhantomParameters parameters;
  parameters.feetFirst = true; // image x runs towards the patient's right
  parameters.columns = 192;
  parameters.rows = 192;
  parameters.pixelSpacing = 2.0;
  parameters.slices = 64;
  parameters.sliceSpacing = 3.0;
  parameters.noiseSigma = 60.0; // low-dose noise
  const chestct::ThoraxPhantom phantom(parameters);
  const auto                   truth = phantom.LungLabelImage();
  const auto                   labels = chestct::SegmentLungs(phantom.ExpectedHounsfieldImage());
  CHECK(DiceOfLabel(truth, labels, 1) > 0.99);
  CHECK(DiceOfLabel(truth, labels, 2) > 0.99);
  CHECK(CentroidX(labels, 1) < 0.0);
}

TEST_CASE("A series that begins at the head finds the trachea below the sinuses")
{
  // As a PET-CT's CT often does: above the phantom's chest, 4 cm of neck (its top slice, the trachea in it),
  // then 11 cm of head: tissue round a pharynx that continues the trachea up and widens into the
  // nasopharynx and a nasal cavity; apart from them, a sphenoid sinus at the top of the air and maxillary
  // sinuses 24 mm either side of the midline, round and 35 mm tall.
  const chestct::ThoraxPhantom phantom;
  const auto                   chest = phantom.ExpectedHounsfieldImage();
  const auto                   truth = phantom.LungLabelImage();
  const auto                   size = chest->GetLargestPossibleRegion().GetSize();
  const auto                   spacing = chest->GetSpacing();
  const long                   neck = 8, head = 22; // slices of 5 mm
  auto                         ct = HUImage::New();
  auto                         labels = LabelImage::New();
  for (auto image : { static_cast<itk::ImageBase<3> *>(ct.GetPointer()), static_cast<itk::ImageBase<3> *>(labels) })
  {
    image->CopyInformation(chest);
    image->SetRegions(HUImage::SizeType{ { size[0], size[1], size[2] + neck + head } });
  }
  ct->Allocate();
  labels->Allocate(true);
  const double tracheaY = TracheaCentreY(phantom);
  const long   top = static_cast<long>(size[2]) - 1;
  for (itk::ImageRegionIteratorWithIndex<HUImage> it(ct, ct->GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    const auto & i = it.GetIndex();
    if (i[2] <= top + neck)
    {
      const itk::Index<3> from{ { i[0], i[1], std::min(i[2], top) } };
      it.Set(chest->GetPixel(from));
      labels->SetPixel(i, i[2] <= top ? truth->GetPixel(from) : 0);
      continue;
    }
    HUImage::PointType p;
    ct->TransformIndexToPhysicalPoint(i, p);
    const double up = static_cast<double>(i[2] - top - neck) * spacing[2]; // mm into the head
    const double x = p[0], y = p[1];
    const auto   within = [](double u, double v, double a, double b) {
      return (u * u) / (a * a) + (v * v) / (b * b) <= 1;
    };
    bool air = !within(x, y, 75.0, 95.0);
    air = air || (up < 60.0 && std::hypot(x, y - tracheaY) < 8.0);                      // the pharynx
    air = air || (up >= 30.0 && up < 60.0 && within(x, y - tracheaY + 5.0, 15.0, 8.0)); // nasopharynx
    air = air || (up >= 40.0 && up < 80.0 && std::abs(x) < 8.0 && y > tracheaY - 60.0 && y < tracheaY - 5.0);
    air =
      air || (up >= 35.0 && up < 70.0 &&
              std::min(std::hypot(x - 24.0, y - tracheaY + 35.0), std::hypot(x + 24.0, y - tracheaY + 35.0)) < 12.0);
    air = air || (up >= 82.0 && up < 100.0 && std::hypot(x, y - tracheaY + 15.0) < 10.0); // sphenoid sinus
    it.Set(air ? NoisyAir(i) : static_cast<short>(40 + (11 * i[0] + 5 * i[1] + 3 * i[2]) % 15));
  }

  chestct::LungSegmentationReport report;
  const auto                      result = chestct::SegmentLungs(ct, {}, &report);
  INFO("airway " << report.airwayVolume << " mL");
  CHECK(report.tracheaFound);
  CHECK(report.airwayVolume > 50.0); // the trachea, pharynx and nasal cavity; a sinus alone holds 16 mL
  CHECK(DiceOfLabel(labels, result, 1) > 0.99);
  CHECK(DiceOfLabel(labels, result, 2) > 0.99);
}

TEST_CASE("An oesophagus full of air behind the trachea is not taken for it")
{
  // A column of air 9 mm across between the trachea and the spine, from 2 cm below the top of the stack to the
  // lungs' base: round, on the midline, and running further down than the trachea, which ends at the carina.
  // The trachea is still the first region from the top that runs on below the search window.
  const chestct::ThoraxPhantom phantom;
  auto                         hu = phantom.ExpectedHounsfieldImage();
  const auto                   truth = phantom.LungLabelImage();
  const double                 halfLength = 0.5 * phantom.Parameters().slices * phantom.Parameters().sliceSpacing; // H
  const double                 top = halfLength - 20.0, base = -0.8 * halfLength; // the lungs' base is at -0.8 H
  std::size_t                  oesophagus = 0;
  for (itk::ImageRegionIteratorWithIndex<HUImage> it(hu, hu->GetBufferedRegion()); !it.IsAtEnd(); ++it)
  {
    HUImage::PointType p;
    hu->TransformIndexToPhysicalPoint(it.GetIndex(), p);
    if (p[2] < top && p[2] > base && std::hypot(p[0], p[1] - (TracheaCentreY(phantom) + 16.0)) < 4.5)
    {
      it.Set(NoisyAir(it.GetIndex()));
      ++oesophagus;
    }
  }
  REQUIRE(oesophagus > 100);

  chestct::LungSegmentationReport report;
  const auto                      labels = chestct::SegmentLungs(hu, {}, &report);
  INFO("airway " << report.airwayVolume << " mL");
  CHECK(report.tracheaFound);
  CHECK(report.airwayVolume > 25.0); // the trachea, 36 mL; taken for it, the oesophagus gave 7 mL
  CHECK(DiceOfLabel(truth, labels, 1) > 0.99);
  CHECK(DiceOfLabel(truth, labels, 2) > 0.99);
}

TEST_CASE("A lung cut by the edge of the image is kept")
{
  const chestct::ThoraxPhantom phantom;
  // Column 30 of 128 at 3 mm lies 100 mm right of the midline: inside the right lung and its chest wall.
  const auto hu = CropColumns<HUImage>(phantom.ExpectedHounsfieldImage(), 30);
  const auto truth = CropColumns<LabelImage>(phantom.LungLabelImage(), 30);
  const auto labels = chestct::SegmentLungs(hu);
  CHECK(DiceOfLabel(truth, labels, 1) > 0.99);
  CHECK(DiceOfLabel(truth, labels, 2) > 0.99);
}

TEST_CASE("Lungs cut by the scanner's field of view are not taken for outside air")
{
  const chestct::ThoraxPhantom phantom;
  auto                         hu = phantom.ExpectedHounsfieldImage();
  auto                         truth = phantom.LungLabelImage();
  // A reconstruction circle of radius 105 mm cuts through both lungs: outside it every slice holds the
  // padding value, so the lungs touch "air" that reaches the image's edge.
  itk::ImageRegionIteratorWithIndex<HUImage> it(hu, hu->GetBufferedRegion());
  itk::ImageRegionIterator<LabelImage>       t(truth, truth->GetBufferedRegion());
  for (; !it.IsAtEnd(); ++it, ++t)
  {
    HUImage::PointType point;
    hu->TransformIndexToPhysicalPoint(it.GetIndex(), point);
    if (point[0] * point[0] + point[1] * point[1] > 105.0 * 105.0)
    {
      it.Set(chestct::PhantomPaddingHounsfield);
      t.Set(0); // what the scanner did not see is no one's lung
    }
  }
  chestct::LungSegmentationReport report;
  const auto                      labels = chestct::SegmentLungs(hu, {}, &report);
  CHECK(DiceOfLabel(truth, labels, 1) > 0.98);
  CHECK(DiceOfLabel(truth, labels, 2) > 0.98);
}

TEST_CASE("An image without lungs gives an empty label image and says why")
{
  auto image = HUImage::New();
  image->SetRegions(HUImage::SizeType{ { 64, 64, 32 } });
  image->Allocate();
  image->FillBuffer(40); // soft tissue everywhere
  chestct::LungSegmentationReport           report;
  const auto                                labels = chestct::SegmentLungs(image, {}, &report);
  itk::ImageRegionConstIterator<LabelImage> it(labels, labels->GetBufferedRegion());
  std::size_t                               nonZero = 0;
  for (; !it.IsAtEnd(); ++it)
    nonZero += it.Get() != 0 ? 1 : 0;
  CHECK(nonZero == 0);
  REQUIRE_FALSE(report.notes.empty());
  CHECK_THAT(report.notes.back(), Catch::Contains("no lung found"));
  CHECK(report.rightLungVolume == 0.0);
}

TEST_CASE("The filter asks for its whole input whatever region is requested of it")
{
  const chestct::ThoraxPhantom phantom;
  using FilterType = itk::LungSegmentationImageFilter<HUImage, LabelImage>;
  auto monitor = itk::PipelineMonitorImageFilter<HUImage>::New();
  monitor->SetInput(phantom.ExpectedHounsfieldImage());
  auto filter = FilterType::New();
  filter->SetInput(monitor->GetOutput());
  filter->UpdateOutputInformation();
  auto slab = filter->GetOutput()->GetLargestPossibleRegion();
  slab.SetIndex(2, 20);
  slab.SetSize(2, 4);
  filter->GetOutput()->SetRequestedRegion(slab);
  filter->Update();
  CHECK(monitor->VerifyInputFilterRequestedLargestRegion());
  CHECK(filter->GetOutput()->GetBufferedRegion() == filter->GetOutput()->GetLargestPossibleRegion());
  CHECK(DiceOfLabel(phantom.LungLabelImage(), filter->GetOutput(), 2) > 0.995);
  CHECK(filter->GetReport().tracheaFound);
}

TEST_CASE("Lungs joined by a broad bridge of lung are cut apart, however deep the cut has to go")
{
  // A block of parenchyma (-850 HU) 36 mm from front to back and 50 mm high joins the two lungs across the
  // mediastinum: the region of air parts in two only after some 15 mm of erosion, past the reach of the
  // first distance map the cut uses (8 mm), on the whole map made for deeper cuts.
  const chestct::ThoraxPhantom phantom;
  auto                         hu = phantom.ExpectedHounsfieldImage();
  const auto                   truth = phantom.LungLabelImage();
  const auto                   size = truth->GetLargestPossibleRegion().GetSize();
  const auto                   spacing = truth->GetSpacing();
  const auto                   at = [&](long x, long y, long z) { return truth->GetPixel({ { x, y, z } }); };
  // The slices that hold both lungs; the bridge is centred a third of the way up them.
  std::vector<long> both;
  for (long z = 0; z < static_cast<long>(size[2]); ++z)
  {
    bool right = false, left = false;
    for (long y = 0; y < static_cast<long>(size[1]); ++y)
      for (long x = 0; x < static_cast<long>(size[0]); ++x)
      {
        right = right || at(x, y, z) == 1;
        left = left || at(x, y, z) == 2;
      }
    if (right && left)
      both.push_back(z);
  }
  REQUIRE(both.size() > 20);
  const long halfHeight = std::lround(25.0 / spacing[2]), halfDepth = std::lround(18.0 / spacing[1]);
  const long middle = both[both.size() / 3];
  long       painted = 0;
  for (long z = middle - halfHeight; z < middle + halfHeight; ++z)
  {
    // Between the right lung's innermost column and the left lung's, around the lungs' mean row.
    long   rightEdge = -1, leftEdge = static_cast<long>(size[0]);
    double rowSum = 0.0;
    long   count = 0;
    for (long y = 0; y < static_cast<long>(size[1]); ++y)
      for (long x = 0; x < static_cast<long>(size[0]); ++x)
      {
        const auto label = at(x, y, z);
        if (label == 1)
          rightEdge = std::max(rightEdge, x);
        if (label == 2)
          leftEdge = std::min(leftEdge, x);
        if (label != 0)
        {
          rowSum += static_cast<double>(y);
          ++count;
        }
      }
    REQUIRE((rightEdge >= 0 && leftEdge > rightEdge && count > 0));
    const long row = std::lround(rowSum / static_cast<double>(count));
    for (long y = row - halfDepth; y < row + halfDepth; ++y)
      for (long x = rightEdge + 1; x < leftEdge; ++x)
        if (at(x, y, z) == 0)
        {
          hu->SetPixel({ { x, y, z } }, -850);
          ++painted;
        }
  }
  REQUIRE(painted > 0);

  chestct::LungSegmentationReport report;
  const auto                      labels = chestct::SegmentLungs(hu, {}, &report);
  INFO("cut after " << report.separationDepth << " mm; bridge of " << painted << " voxels");
  CHECK(report.lungsSeparated);
  CHECK(report.separationDepth > 8.0);
  CHECK(CentroidX(labels, 1) < CentroidX(labels, 2)); // the right lung is label 1 (LPS: smaller x)
  CHECK(DiceOfLabel(truth, labels, 1) > 0.95);        // each takes part of the bridge
  CHECK(DiceOfLabel(truth, labels, 2) > 0.95);
}

TEST_CASE("Heavy emphysema: parenchyma near -960 HU, as dark as the airway, is still lung and the airway is not")
{
  const chestct::ThoraxPhantom phantom;
  auto                         hu = phantom.ExpectedHounsfieldImage();
  const auto                   truth = phantom.LungLabelImage();
  // Lower the parenchyma (not the vessels) by 110 HU: from -850 to about -960, within the trachea's noise.
  itk::ImageRegionIterator<HUImage>         it(hu, hu->GetBufferedRegion());
  itk::ImageRegionConstIterator<LabelImage> t(truth, truth->GetBufferedRegion());
  for (; !it.IsAtEnd(); ++it, ++t)
  {
    if (t.Get() != 0 && it.Get() < -500)
    {
      it.Set(static_cast<short>(it.Get() - 110));
    }
  }
  chestct::LungSegmentationReport report;
  const auto                      labels = chestct::SegmentLungs(hu, {}, &report);
  CHECK(DiceOfLabel(truth, labels, 1) > 0.99);
  CHECK(DiceOfLabel(truth, labels, 2) > 0.99);
  CHECK(report.tracheaFound);
  CHECK(report.airwayVolume < 100.0); // the trachea, not the lungs
}

TEST_CASE("The steps kept for the figure are one working-grid slice, and keeping them changes no label")
{
  chestct::ThoraxPhantomParameters parameters;
  parameters.pixelSpacing = 1.0;
  parameters.sliceSpacing = 1.0;
  parameters.columns = parameters.rows = 256;
  parameters.slices = 40;
  const chestct::ThoraxPhantom phantom(parameters);
  const auto                   hu = phantom.ExpectedHounsfieldImage();
  const auto                   plain = chestct::SegmentLungs(hu);

  for (const long asked : { -1L, 0L, 17L, 39L })
  {
    INFO("steps slice " << asked);
    chestct::LungSegmentationParameters withSteps;
    withSteps.keepSteps = true;
    withSteps.stepsSlice = asked;
    chestct::LungSegmentationSteps steps;
    const auto                     labels = chestct::SegmentLungs(hu, withSteps, nullptr, &steps);
    REQUIRE(std::equal(labels->GetBufferPointer(),
                       labels->GetBufferPointer() + labels->GetBufferedRegion().GetNumberOfPixels(),
                       plain->GetBufferPointer()));
    // 1 mm input, 2 mm working grid: working slice k holds input slices 2k and 2k + 1.
    const long expectedSlice = asked >= 0 ? asked / 2 : steps.inputSlice / 2;
    if (asked >= 0)
    {
      CHECK(steps.inputSlice == asked);
    }
    else
    {
      REQUIRE(steps.inputSlice >= 0);
      REQUIRE(steps.inputSlice < 40);
    }
    for (const itk::ImageBase<3> * image : std::initializer_list<const itk::ImageBase<3> *>{
           steps.workingImage, steps.airMask, steps.insideAirMask, steps.components })
    {
      REQUIRE(image != nullptr);
      CHECK(image->GetBufferedRegion().GetSize(2) == 1);
      CHECK(image->GetBufferedRegion().GetIndex(2) == expectedSlice);
      CHECK(image->GetLargestPossibleRegion().GetSize(2) == 20);
      CHECK(image->GetLargestPossibleRegion().GetSize(0) == 128);
    }
    // The whole working-grid images later stages use are still whole.
    CHECK(steps.lungLabels->GetBufferedRegion() == steps.lungLabels->GetLargestPossibleRegion());
    CHECK(steps.body->GetBufferedRegion().GetSize(2) == 20);
  }
  // Left to itself, the method keeps the slice with the most lung: some air inside the body is in it.
  chestct::LungSegmentationParameters automatic;
  automatic.keepSteps = true;
  chestct::LungSegmentationSteps steps;
  chestct::SegmentLungs(hu, automatic, nullptr, &steps);
  const auto * inside = steps.insideAirMask->GetBufferPointer();
  CHECK(std::count(inside, inside + steps.insideAirMask->GetBufferedRegion().GetNumberOfPixels(), 1) > 0);
}

TEST_CASE("Slab by slab the lung method gives the labels and volumes it gives on the whole volume")
{
  const chestct::ThoraxPhantom phantom;
  auto                         hu = phantom.ExpectedHounsfieldImage();
  // A field of view that cuts the lungs, so that the outside columns found slab by slab matter.
  itk::ImageRegionIteratorWithIndex<HUImage> it(hu, hu->GetBufferedRegion());
  for (; !it.IsAtEnd(); ++it)
  {
    HUImage::PointType point;
    hu->TransformIndexToPhysicalPoint(it.GetIndex(), point);
    if (point[0] * point[0] + point[1] * point[1] > 110.0 * 110.0)
      it.Set(chestct::PhantomPaddingHounsfield);
  }
  chestct::LungSegmentationReport wholeReport;
  const auto                      whole = chestct::SegmentLungs(hu, {}, &wholeReport);

  const double workingSpacing = chestct::LungSegmentationParameters{}.workingSpacing;
  const long   factor = chestct::WorkingGridSliceFactor(*hu, workingSpacing);
  const long   slices = static_cast<long>(hu->GetLargestPossibleRegion().GetSize(2));
  const long   slabSize = 3 * factor;
  const auto   slabOf = [&](long first) {
    return chestct::CopySlices(hu.GetPointer(), first, std::min(slabSize, slices - first));
  };

  auto                          working = chestct::NewWorkingGrid(*hu, workingSpacing);
  chestct::OutsideColumnsFinder outside;
  for (long first = 0; first < slices; first += slabSize)
  {
    const auto slab = slabOf(first);
    chestct::ShrinkSlabIntoWorkingGrid(slab, working, workingSpacing);
    outside.Add(slab);
  }
  const auto expectedWorking = chestct::ShrinkToWorkingGrid(hu, workingSpacing);
  REQUIRE(working->GetLargestPossibleRegion() == expectedWorking->GetLargestPossibleRegion());
  REQUIRE(working->GetOrigin() == expectedWorking->GetOrigin());
  REQUIRE(std::equal(working->GetBufferPointer(),
                     working->GetBufferPointer() + working->GetBufferedRegion().GetNumberOfPixels(),
                     expectedWorking->GetBufferPointer()));

  chestct::LungSlabLabeller labeller(*hu, std::move(working), outside.Columns());
  // Slabs in any order: last first.
  std::size_t differences = 0;
  for (long first = (slices - 1) / slabSize * slabSize; first >= 0; first -= slabSize)
  {
    const auto slab = slabOf(first);
    auto       labels = LabelImage::New();
    labels->CopyInformation(slab);
    labels->SetRegions(slab->GetBufferedRegion());
    labels->Allocate();
    labeller.LabelSlab(slab, labels);
    for (itk::ImageRegionConstIteratorWithIndex<LabelImage> l(labels, labels->GetBufferedRegion()); !l.IsAtEnd(); ++l)
      differences += l.Get() != whole->GetPixel(l.GetIndex()) ? 1 : 0;
  }
  CHECK(differences == 0);
  CHECK(labeller.Report().rightLungVolume == wholeReport.rightLungVolume);
  CHECK(labeller.Report().leftLungVolume == wholeReport.leftLungVolume);
  CHECK(labeller.Report().rightLungVolume > 100.0);
}
