#include "chestctMaskEvaluation.h"

#include "itkImageRegionConstIteratorWithIndex.h"
#include "itkNearestNeighborInterpolateImageFunction.h"
#include "itkResampleImageFilter.h"
#include "itkSignedMaurerDistanceMapImageFilter.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

namespace chestct
{
namespace
{
using IndexType = EvaluationLabelImageType::IndexType;
using RegionType = EvaluationLabelImageType::RegionType;
using SurfaceImageType = itk::Image<unsigned char, 3>;
using DistanceImageType = itk::Image<double, 3>;

bool
SameGrid(const itk::ImageBase<3> & a, const itk::ImageBase<3> & b)
{
  if (a.GetLargestPossibleRegion() != b.GetLargestPossibleRegion())
  {
    return false;
  }
  for (unsigned int i = 0; i < 3; ++i)
  {
    const double tolerance = 1e-6 * a.GetSpacing()[i];
    if (std::abs(a.GetSpacing()[i] - b.GetSpacing()[i]) > tolerance ||
        std::abs(a.GetOrigin()[i] - b.GetOrigin()[i]) > tolerance)
    {
      return false;
    }
    for (unsigned int j = 0; j < 3; ++j)
    {
      if (std::abs(a.GetDirection()[i][j] - b.GetDirection()[i][j]) > 1e-6)
      {
        return false;
      }
    }
  }
  return true;
}

/** One mask's membership test, voxel by voxel over a whole image's buffer. */
struct Membership
{
  const unsigned short * buffer;
  unsigned int           label;
  bool
  operator()(std::size_t offset) const
  {
    return label == 0 ? buffer[offset] != 0 : buffer[offset] == label;
  }
};

/** The surface of `inside` within `crop` (a sub-region of `whole`): 1 on foreground voxels with a face
 * neighbour that is background or outside `whole`. Returns the image (on the crop's grid, 0-based)
 * and the crop-relative offsets of its surface voxels. */
SurfaceImageType::Pointer
Surface(const Membership & inside, const RegionType & whole, const RegionType & crop, const itk::ImageBase<3> & grid,
        std::vector<std::size_t> & offsets)
{
  auto surface = SurfaceImageType::New();
  surface->SetRegions(crop.GetSize());
  surface->SetSpacing(grid.GetSpacing());
  surface->SetDirection(grid.GetDirection());
  itk::Point<double, 3> origin;
  grid.TransformIndexToPhysicalPoint(crop.GetIndex(), origin);
  surface->SetOrigin(origin);
  surface->Allocate(true);
  unsigned char * out = surface->GetBufferPointer();

  const auto        size = whole.GetSize();
  const std::size_t stride[3] = { 1, size[0], size[0] * size[1] };
  const IndexType   start = whole.GetIndex();
  const auto        cropSize = crop.GetSize();
  std::size_t       cropOffset = 0;
  offsets.clear();
  for (itk::IndexValueType z = crop.GetIndex(2); z < crop.GetIndex(2) + static_cast<long>(cropSize[2]); ++z)
  {
    for (itk::IndexValueType y = crop.GetIndex(1); y < crop.GetIndex(1) + static_cast<long>(cropSize[1]); ++y)
    {
      for (itk::IndexValueType x = crop.GetIndex(0); x < crop.GetIndex(0) + static_cast<long>(cropSize[0]);
           ++x, ++cropOffset)
      {
        const long        position[3] = { x - start[0], y - start[1], z - start[2] };
        const std::size_t offset = position[0] * stride[0] + position[1] * stride[1] + position[2] * stride[2];
        if (!inside(offset))
        {
          continue;
        }
        bool onSurface = false;
        for (unsigned int d = 0; d < 3 && !onSurface; ++d)
        {
          onSurface = position[d] == 0 || position[d] + 1 == static_cast<long>(size[d]) ||
                      !inside(offset - stride[d]) || !inside(offset + stride[d]);
        }
        if (onSurface)
        {
          out[cropOffset] = 1;
          offsets.push_back(cropOffset);
        }
      }
    }
  }
  return surface;
}

/** Distances in mm from the voxels at `from` (crop offsets) to the nearest "on" voxel of `to`. */
std::vector<double>
DirectedDistances(const SurfaceImageType * to, const std::vector<std::size_t> & from)
{
  auto map = itk::SignedMaurerDistanceMapImageFilter<SurfaceImageType, DistanceImageType>::New();
  map->SetInput(to);
  map->SetUseImageSpacing(true);
  map->SetSquaredDistance(false);
  map->SetInsideIsPositive(false);
  map->SetBackgroundValue(0);
  map->Update();
  const double *      distance = map->GetOutput()->GetBufferPointer();
  std::vector<double> result;
  result.reserve(from.size());
  for (const std::size_t offset : from)
  {
    result.push_back(std::max(0.0, distance[offset])); // "on" voxels are <= 0 in a signed map: distance 0
  }
  return result;
}
} // namespace

double
Percentile(std::vector<double> & values, double p)
{
  if (values.empty())
  {
    return 0.0;
  }
  std::sort(values.begin(), values.end());
  const double      position = p / 100.0 * static_cast<double>(values.size() - 1);
  const std::size_t below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(values.size() - 1, below + 1);
  return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

MaskAgreement
CompareLabel(const EvaluationLabelImageType * reference, const EvaluationLabelImageType * test, unsigned int label)
{
  MaskAgreement result;
  result.label = label;
  result.name = label == 0 ? "union" : std::to_string(label);
  const RegionType whole = reference->GetBufferedRegion();
  const Membership inReference{ reference->GetBufferPointer(), label };
  const Membership inTest{ test->GetBufferPointer(), label };

  // Counts, and the bounding box of both masks together (distances need nothing outside it).
  const auto          size = whole.GetSize();
  std::array<long, 3> low{ { static_cast<long>(size[0]), static_cast<long>(size[1]), static_cast<long>(size[2]) } };
  std::array<long, 3> high{ { -1, -1, -1 } };
  std::size_t         offset = 0;
  for (long z = 0; z < static_cast<long>(size[2]); ++z)
  {
    for (long y = 0; y < static_cast<long>(size[1]); ++y)
    {
      for (long x = 0; x < static_cast<long>(size[0]); ++x, ++offset)
      {
        const bool r = inReference(offset), t = inTest(offset);
        result.referenceVoxels += r;
        result.testVoxels += t;
        result.intersectionVoxels += r && t;
        if (r || t)
        {
          const long position[3] = { x, y, z };
          for (unsigned int d = 0; d < 3; ++d)
          {
            low[d] = std::min(low[d], position[d]);
            high[d] = std::max(high[d], position[d]);
          }
        }
      }
    }
  }
  const auto   spacing = reference->GetSpacing();
  const double voxelML = spacing[0] * spacing[1] * spacing[2] / 1000.0;
  result.referenceVolumeML = static_cast<double>(result.referenceVoxels) * voxelML;
  result.testVolumeML = static_cast<double>(result.testVoxels) * voxelML;
  const double sum = static_cast<double>(result.referenceVoxels + result.testVoxels);
  if (sum == 0)
  {
    return result; // both empty: Dice and Jaccard 1, no surfaces
  }
  const double intersection = static_cast<double>(result.intersectionVoxels);
  result.dice = 2.0 * intersection / sum;
  result.jaccard = intersection / (sum - intersection);
  if (result.referenceVoxels == 0 || result.testVoxels == 0)
  {
    return result;
  }

  // The crop: the bounding box grown by one voxel, so that the distance maps see background around it.
  RegionType crop;
  for (unsigned int d = 0; d < 3; ++d)
  {
    const long begin = std::max(0L, low[d] - 1), end = std::min(static_cast<long>(size[d]) - 1, high[d] + 1);
    crop.SetIndex(d, whole.GetIndex(d) + begin);
    crop.SetSize(d, static_cast<itk::SizeValueType>(end - begin + 1));
  }
  std::vector<std::size_t>  referenceSurface, testSurface;
  const auto                referenceImage = Surface(inReference, whole, crop, *reference, referenceSurface);
  const auto                testImage = Surface(inTest, whole, crop, *reference, testSurface);
  std::vector<double>       distances = DirectedDistances(testImage, referenceSurface);
  const std::vector<double> back = DirectedDistances(referenceImage, testSurface);
  distances.insert(distances.end(), back.begin(), back.end());
  double total = 0.0;
  for (const double d : distances)
  {
    total += d;
  }
  result.hausdorff = *std::max_element(distances.begin(), distances.end());
  result.averageSurfaceDistance = total / static_cast<double>(distances.size());
  result.hausdorff95 = Percentile(distances, 95.0);
  return result;
}

EvaluationLabelImageType::Pointer
ResampleLabelsOnto(const EvaluationLabelImageType * image, const itk::ImageBase<3> * grid)
{
  if (SameGrid(*image, *grid))
  {
    return const_cast<EvaluationLabelImageType *>(image);
  }
  using FilterType = itk::ResampleImageFilter<EvaluationLabelImageType, EvaluationLabelImageType>;
  auto filter = FilterType::New();
  filter->SetInput(image);
  filter->SetInterpolator(itk::NearestNeighborInterpolateImageFunction<EvaluationLabelImageType>::New());
  filter->SetOutputParametersFromImage(grid);
  filter->SetDefaultPixelValue(0);
  filter->Update();
  EvaluationLabelImageType::Pointer result = filter->GetOutput();
  result->DisconnectPipeline();
  return result;
}

MaskEvaluation
EvaluateMasks(const EvaluationLabelImageType * reference, const EvaluationLabelImageType * test)
{
  MaskEvaluation evaluation;
  const auto     onGrid = ResampleLabelsOnto(test, reference);
  evaluation.resampled = onGrid.GetPointer() != test;
  std::set<unsigned int> labels;
  for (const EvaluationLabelImageType * image : { reference, static_cast<const EvaluationLabelImageType *>(onGrid) })
  {
    const std::size_t      count = image->GetBufferedRegion().GetNumberOfPixels();
    const unsigned short * buffer = image->GetBufferPointer();
    for (std::size_t i = 0; i < count; ++i)
    {
      if (buffer[i] != 0)
      {
        labels.insert(buffer[i]);
      }
    }
  }
  for (const unsigned int label : labels)
  {
    evaluation.labels.push_back(CompareLabel(reference, onGrid, label));
  }
  if (evaluation.labels.size() == 1)
  {
    // One label (a binary mask): the union is that label; no need to measure it twice.
    evaluation.all = evaluation.labels.front();
    evaluation.all.label = 0;
    evaluation.all.name = "union";
  }
  else
  {
    evaluation.all = CompareLabel(reference, onGrid, 0);
  }
  return evaluation;
}

} // namespace chestct
