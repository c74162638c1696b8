#ifndef chestctRunSummary_h
#define chestctRunSummary_h

#include "chestctLungSegmentation.h"
#include "chestctSliceStackGeometry.h"

#include <array>
#include <string>
#include <vector>

namespace chestct
{
/** \brief Everything 'chestct run' did and found: the source of summary.json and report.html.
 *
 * Documentation/Run.md gives summary.json's schema; SummaryJSON writes it and ReportHTML draws the page
 * from the same facts, so the two never disagree. */
struct RunSummary
{
  struct Stage
  {
    std::string name;
    double      seconds{ 0.0 };
    std::string result; ///< a few words: sizes, counts
  };
  struct Mesh
  {
    std::string name;  ///< "bone", "lungs"
    std::string title; ///< for people
    std::string file;  ///< the mesh file, relative to the output folder
    std::string still; ///< its picture, or empty when none could be rendered
    std::string html;  ///< its interactive page, or empty
    double      threshold{ 0.0 };
    std::size_t points{ 0 };
    std::size_t triangles{ 0 };
    double      area{ 0.0 }; ///< mm^2
  };
  struct Series
  {
    std::string key, seriesInstanceUID, studyInstanceUID, description, modality, manufacturer, model, kernel, bodyPart,
      patientPosition, studyDate, transferSyntax;
    std::size_t slices{ 0 };
  } series;

  std::string                                      version;
  std::string                                      input;
  std::string                                      startedAt; ///< UTC, ISO 8601
  std::vector<GeometryFinding>                     findings;
  VolumeGrid                                       grid; ///< the HU volume's grid
  std::array<double, 3>                            resampledSpacing{ { 1, 1, 1 } };
  std::array<unsigned int, 3>                      resampledSize{ { 0, 0, 0 } };
  std::string                                      paddingNote; ///< how padding was found and counted
  std::uint64_t                                    paddingVoxels{ 0 };
  double                                           rightLungVolume{ 0.0 }; ///< mL
  double                                           leftLungVolume{ 0.0 };
  LungSegmentationReport                           lungReport;
  std::vector<Mesh>                                meshes;
  std::vector<Stage>                               stages;
  std::vector<std::string>                         notes;               ///< what was skipped or unusual, in plain words
  double                                           peakMemoryMB{ 0.0 }; ///< peak resident set size of the process
  double                                           totalSeconds{ 0.0 };
  std::vector<std::pair<std::string, std::string>> files;    ///< role, file name (relative), in order written
  std::vector<std::pair<std::string, std::string>> versions; ///< library, version
};

/** summary.json's text. */
std::string
SummaryJSON(const RunSummary & summary);

/** report.html's text: one self-contained page; its pictures (PNG and SVG files in `folder`, named by the
 * summary) are embedded, the interactive 3D views linked. */
std::string
ReportHTML(const RunSummary & summary, const std::string & folder);

} // namespace chestct

#endif
