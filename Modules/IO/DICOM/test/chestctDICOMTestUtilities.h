#ifndef chestctDICOMTestUtilities_h
#define chestctDICOMTestUtilities_h

#include "chestctDICOMFolderScanner.h"
#include "chestctDICOMSeriesSelection.h"
#include "chestctHounsfieldVolumeReader.h"
#include "chestctSliceStackGeometry.h"

#include <catch2/catch.hpp>

namespace chestct::testing
{
using HUImageType = HounsfieldVolumeReader::ImageType;

/** What converting a folder gives: the chosen series, its geometry, the volume. */
struct Conversion
{
  DICOMScanResult      scan;
  DICOMSeries          series;
  SliceStackGeometry   geometry;
  HUImageType::Pointer image;
};

/** Scans `path`, chooses the series (`key` or the best CT), converts it. */
Conversion
Convert(const std::string & path, const HounsfieldConversionOptions & options = {}, const std::string & key = {});

/** Origin, spacing and direction agree within `tolerance` (mm, or cosine), and sizes exactly. */
void
RequireSameGrid(const HUImageType * actual, const HUImageType * expected, double tolerance = 1e-4);

/** Number of voxels that differ (same-sized images). */
std::size_t
CountDifferentVoxels(const HUImageType * a, const HUImageType * b);

} // namespace chestct::testing

#endif
