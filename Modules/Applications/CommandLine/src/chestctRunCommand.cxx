#include "chestctArgumentParser.h"
#include "chestctAtomicOutputFile.h"
#include "chestctBackgroundTaskQueue.h"
#include "chestctCommandSupport.h"
#include "chestctCommands.h"
#include "chestctDICOMFolderScanner.h"
#include "chestctDICOMSeriesSelection.h"
#include "chestctError.h"
#include "chestctHistogram.h"
#include "chestctHounsfieldVolumeReader.h"
#include "chestctImageSlabs.h"
#include "chestctJSONWriter.h"
#include "chestctLungMaskStage.h"
#include "chestctMontage.h"
#include "chestctResampleGrid.h"
#include "chestctResampleImage.h"
#include "chestctRunProgress.h"
#include "chestctRunSummary.h"
#include "chestctSeriesSidecar.h"
#include "chestctSlabSurfaceExtractor.h"
#include "chestctStreamingNRRDReader.h"
#include "chestctStreamingNRRDWriter.h"
#include "chestctSurfaceBody.h"
#include "chestctSurfaceExtraction.h"
#include "chestctSurfaceFile.h"
#include "chestctSurfaceHTML.h"
#include "chestctSurfaceMeasures.h"
#include "chestctSurfaceRender.h"
#include "chestctVersion.h"
#include "chestctWriteImage.h"

#include "itkCastImageFilter.h"
#include "itkImageRegionIterator.h"
#include "itkVersion.h"

#include <vtkAppendPolyData.h>
#include <vtkPolyData.h>
#include <vtkVersion.h>


#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>

namespace chestct
{
namespace
{
namespace fs = std::filesystem;
using HUImageType = itk::Image<short, 3>;
using LabelImageType = itk::Image<unsigned char, 3>;

/** The padding marker while the histogram is counted: the reader writes it where the scanner stored padding,
 * then it becomes air (-1024 HU) for every later stage. */
constexpr short kPaddingMarker = std::numeric_limits<short>::min();

std::string
NowUTC()
{
  const std::time_t now = std::time(nullptr);
  char              text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

std::string
SizeText(const itk::ImageBase<3> & image)
{
  const auto size = image.GetLargestPossibleRegion().GetSize();
  return std::to_string(size[0]) + " x " + std::to_string(size[1]) + " x " + std::to_string(size[2]) + " voxels";
}

/** Writes a mesh and its interactive page (from `preview`, a lighter mesh of the same surface, when given),
 * and returns what the summary says of it; its still picture is rendered later (RenderStill). */
RunSummary::Mesh
WriteMesh(vtkPolyData * surface, vtkPolyData * preview, const std::string & folder, const std::string & name,
          const std::string & title, double threshold, RunSummary & summary)
{
  RunSummary::Mesh mesh;
  mesh.name = name;
  mesh.title = title;
  mesh.threshold = threshold;
  mesh.file = name + ".ply";
  WriteSurface(surface, folder + "/" + mesh.file);
  summary.files.emplace_back(name + "_mesh", mesh.file);
  const SurfaceMeasures measures = MeasureSurface(surface);
  mesh.points = measures.vertices;
  mesh.triangles = measures.triangles;
  mesh.area = measures.area;
  if (SurfaceHTMLViewerAvailable())
  {
    mesh.html = name + ".html";
    SurfaceHTMLOptions html;
    html.title = title;
    WriteSurfaceHTML(preview != nullptr ? preview : surface, folder + "/" + mesh.html, html);
    summary.files.emplace_back(name + "_html", mesh.html);
  }
  return mesh;
}

/** Renders a mesh's still picture and records it in the summary. */
void
RenderStill(vtkPolyData * surface, const std::string & folder, RunSummary::Mesh & mesh, RunSummary & summary)
{
  mesh.still = mesh.name + ".png";
  RenderSurfacePNG(surface, folder + "/" + mesh.still);
  summary.files.emplace_back(mesh.name + "_still", mesh.still);
}

/** A label image in the pixel type another step takes (short for ExtractSurface, unsigned short for
 * RenderMontage's overlay). */
template <typename TOutput>
typename TOutput::Pointer
CastLabels(const itk::Image<unsigned char, 3> * labels)
{
  auto cast = itk::CastImageFilter<itk::Image<unsigned char, 3>, TOutput>::New();
  cast->SetInput(labels);
  cast->Update();
  return cast->GetOutput();
}

/** The seed's 6 x 6 montage with its 36 tiles spread evenly over the stack (every slice when it has fewer). */
MontageOptions
MontageOverStack(const itk::ImageBase<3> & image)
{
  MontageOptions montage;
  const long     slices = static_cast<long>(image.GetLargestPossibleRegion().GetSize(2));
  const long     tiles = static_cast<long>(montage.rows * montage.columns);
  montage.every = std::max(1L, slices / tiles);
  montage.start = std::max(0L, (slices - (tiles - 1) * montage.every) / 2);
  return montage;
}

/** An image of the given slices of `grid` (indices along its third axis, evenly spaced), with their
 * patient-space geometry: the first one's origin, their spacing, for a montage of a volume never held whole.
 * Filled by CopyMatchingSlices. */
HUImageType::Pointer
SlicesOf(const itk::ImageBase<3> & grid, const std::vector<long> & slices)
{
  auto stack = HUImageType::New();
  auto size = grid.GetLargestPossibleRegion().GetSize();
  size[2] = std::max<std::size_t>(1, slices.size());
  stack->SetRegions(size);
  auto spacing = grid.GetSpacing();
  if (slices.size() > 1)
  {
    spacing[2] *= static_cast<double>(slices[1] - slices[0]);
  }
  stack->SetSpacing(spacing);
  stack->SetDirection(grid.GetDirection());
  itk::Index<3>          first{ { 0, 0, slices.empty() ? 0 : slices[0] } };
  HUImageType::PointType origin;
  grid.TransformIndexToPhysicalPoint(first, origin);
  stack->SetOrigin(origin);
  stack->Allocate(true);
  return stack;
}

/** Copies the slices of `slab` that `slices` lists into their places in `stack` (SlicesOf). */
void
CopyMatchingSlices(const HUImageType * slab, const std::vector<long> & slices, HUImageType * stack)
{
  const auto &      region = slab->GetBufferedRegion();
  const std::size_t pixels = region.GetSize(0) * region.GetSize(1);
  for (std::size_t i = 0; i < slices.size(); ++i)
  {
    const long k = slices[i] - region.GetIndex(2);
    if (k >= 0 && k < static_cast<long>(region.GetSize(2)))
    {
      const short * from = slab->GetBufferPointer() + static_cast<std::size_t>(k) * pixels;
      std::copy(from, from + pixels, stack->GetBufferPointer() + i * pixels);
    }
  }
}

/** The lung labels (1 right, 2 left) that `labels` holds. */
std::vector<int>
LabelsPresent(const itk::Image<unsigned char, 3> * labels)
{
  // One pass over the bytes that the compiler vectorizes (7.4 million on a chest's working grid).
  const unsigned char * begin = labels->GetBufferPointer();
  const unsigned char * end = begin + labels->GetBufferedRegion().GetNumberOfPixels();
  bool                  right = false, left = false;
  for (const unsigned char * v = begin; v != end; ++v)
  {
    right |= *v == 1;
    left |= *v == 2;
  }
  std::vector<int> found;
  if (right)
  {
    found.push_back(1);
  }
  if (left)
  {
    found.push_back(2);
  }
  return found;
}

} // namespace

int
RunRunCommand(const std::vector<std::string> & arguments, std::ostream & out, std::ostream & err)
{
  ArgumentParser parser(
    "run",
    "Do the seed tutorial's whole quest on a chest CT series, in one command: the HU volume, its histogram and "
    "montage, the 1 mm resampling, the bone surface (mesh, still, interactive view), the lung mask (robust "
    "method) with its steps figure, the masked CT and its montage, the lung surfaces, and a report a person "
    "can read (report.html) with the same facts for machines (summary.json).");
  parser.Positional("DIR", "a folder of DICOM files (searched recursively), or one DICOM file")
    .Option("-o,--output", "OUTDIR", "the folder to write into; it must not exist unless --force is given")
    .Flag("--force", "write into OUTDIR even if it exists, replacing ChestCT's files there")
    .Option("--series", "KEY", "the series to use (see 'chestct series'); default: the best CT")
    .Option("--spacing", "MM", "the isotropic spacing of the resampled volume", "1")
    .Option("--threads", "N", "threads to use (default: all cores)")
    .Flag("--compress-ct",
          "gzip ct.nrrd and ct_1mm.nrrd too: half their size on disk, for about 2.5 s more of CPU time on a chest CT "
          "(1.2 s more on two cores); the masks and the masked CT are always compressed")
    .Flag("--json", "print summary.json to standard output at the end (progress still goes to standard error)")
    .Flag("-q,--quiet", "print nothing but errors")
    .Epilog("Files in OUTDIR (Documentation/Run.md): ct.nrrd and ct.json (HU volume and sidecar), histogram.svg "
            "and histogram.csv, montage.png, ct_1mm.nrrd, bone.ply/.png/.html, lungs.nrrd and lungs.json (labels: "
            "1 right, 2 left), lungs_steps.png, lungs_masked.nrrd, lungs_masked_montage.png, lungs.ply/.png/.html, "
            "report.html, summary.json. Each file appears whole or not at all; summary.json is written last, so "
            "a folder without it holds an interrupted run.");
  if (!parser.Parse(arguments, out))
  {
    return 0;
  }
  if (!parser.Given("--output"))
  {
    throw UsageError("missing -o OUTDIR");
  }
  const std::string input = parser.Get("DIR");
  const std::string folder = parser.Get("--output");
  const double      spacing = parser.GetNumber("--spacing");
  if (!(spacing > 0.0) || !std::isfinite(spacing))
  {
    throw UsageError("--spacing needs a positive number of mm");
  }
  ApplyThreadsOption(parser);
  const bool json = parser.Given("--json");
  const bool quiet = parser.Given("--quiet");
  // The CT volumes' noise compresses only about 2:1, for most of the run's compression time, and a raw file
  // is read at once (or mapped) by whoever uses it next: raw unless asked. The masks and the masked CT,
  // mostly one value, compress 15 to 80 times for little time.
  const ImageCompression ctCompression =
    parser.Given("--compress-ct") ? ImageCompression::Gzip : ImageCompression::None;

  // The output folder: new, or explicitly reused. A forced run first removes the old run's summary and
  // report, so that a folder left by an interrupted forced run never looks complete.
  std::error_code error;
  if (fs::exists(folder, error))
  {
    if (!parser.Given("--force"))
    {
      throw Error(folder, "already exists", "choose another output folder, or add --force to replace its files");
    }
    if (!fs::is_directory(folder, error))
    {
      throw Error(folder, "exists and is not a folder", "choose another output folder");
    }
    fs::remove(fs::path(folder) / "summary.json", error);
    fs::remove(fs::path(folder) / "report.html", error);
  }
  CheckOutputIsNotAnInput(folder + "/summary.json", input);
  fs::create_directories(folder, error);
  if (error)
  {
    throw Error(folder, "cannot be created: " + error.message(), "check the path and your permissions");
  }

  RunSummary summary;
  summary.version = Version();
  summary.input = input;
  summary.startedAt = NowUTC();
  summary.versions = { { "chestct", Version() },
                       { "ITK", itk::Version::GetITKVersion() },
                       { "VTK", vtkVersion::GetVTKVersion() },
                       { "GDCM", GDCMVersion() } };
  const auto  start = std::chrono::steady_clock::now();
  RunProgress progress(err, RunProgress::StyleFor(STDERR_FILENO, quiet), 11);
  const auto  finish = [&](const std::string & name, const std::string & result) {
    summary.stages.push_back({ name, progress.End(result), result });
  };
  const auto write = [&](const std::string & role, const std::string & file) {
    summary.files.emplace_back(role, file);
    return folder + "/" + file;
  };
  // The HU volume and the pictures are written on a thread of their own while the next stages compute (the
  // 1 mm volumes are written slab by slab as they are made). The HU volume's task writes through its own
  // image object over the same pixels, which nothing changes after the task is queued; the volume is
  // released only when its file is written. With --compress-ct its slabs are compressed in parallel: on a
  // long series one core would not finish before the resampling does.
  BackgroundTaskQueue writes;
  const auto          writeInBackground = [&](HUImageType::Pointer image, const std::string & path) {
    return writes.Enqueue([view = ShareImageBuffer(image.GetPointer()), path, ctCompression] {
      WriteNRRDBySlabs(view.GetPointer(), path, ctCompression);
    });
  };
  // A montage is drawn on the queue as well as written: its task holds the slices and the tint it draws.
  const auto writeMontageInBackground = [&](HUImageType::ConstPointer     slices,
                                            MontageMaskType::ConstPointer tint,
                                            MontageOptions                options,
                                            const std::string &           path) {
    writes.Enqueue(
      [slices, tint, options = std::move(options), path] { WritePNG(RenderMontage(*slices, tint, options), path); });
  };
  // A sidecar follows its volume through the queue: it never describes a file that failed to appear.
  const auto writeTextInBackground = [&](std::string text, const std::string & path) {
    writes.Enqueue([text = std::move(text), path] { WriteTextFileAtomically(path, text); });
  };

  // 1. The series, read into memory once, padding marked apart for the histogram.
  progress.Begin("read the series");
  const DICOMScanResult       scan = ScanDICOMFolder(input);
  const DICOMSeries &         series = ChooseSeries(scan.series, parser.Get("--series"), input);
  const SliceStackGeometry    geometry = AnalyzeSliceStack(series);
  HounsfieldConversionOptions options;
  options.paddingOutputValue = kPaddingMarker;
  HUImageType::Pointer ct;
  PaddingDecision      padding;
  {
    HounsfieldVolumeReader reader(series, geometry, options);
    padding = reader.Padding();
    ct = reader.Read();
  }
  summary.series = { series.key,
                     series.seriesInstanceUID,
                     series.studyInstanceUID,
                     series.seriesDescription,
                     series.modality,
                     series.manufacturer,
                     series.manufacturerModelName,
                     series.convolutionKernel,
                     series.bodyPartExamined,
                     series.patientPosition,
                     series.studyDate,
                     series.transferSyntaxUID,
                     series.frames.size() };
  summary.findings = geometry.findings;
  summary.grid = geometry.grid;
  finish("read the series", std::to_string(series.frames.size()) + " slices, " + SizeText(*ct));

  // 2. The histogram, padding apart; then padding becomes air for good.
  progress.Begin("histogram");
  {
    HistogramOptions histogramOptions;
    histogramOptions.paddingValue = kPaddingMarker;
    const Histogram histogram = ComputeHistogram(*ct, histogramOptions);
    summary.paddingVoxels = histogram.padding;
    summary.paddingNote = padding.source == "none" ? "The series marks no padding."
                                                   : "Padding (outside the scan circle, from " + padding.source +
                                                       ") is counted apart: " + std::to_string(histogram.padding) +
                                                       " voxels, shown as its own bar, not as air.";
    HistogramPlotOptions plot;
    plot.title = series.seriesDescription.empty() ? "HU histogram" : series.seriesDescription;
    plot.note = summary.paddingNote;
    WriteTextFileAtomically(write("histogram_svg", "histogram.svg"), HistogramSVG(histogram, plot));
    WriteTextFileAtomically(write("histogram_csv", "histogram.csv"), HistogramCSV(histogram));
    for (itk::ImageRegionIterator<HUImageType> it(ct, ct->GetBufferedRegion()); !it.IsAtEnd(); ++it)
    {
      if (it.Get() == kPaddingMarker)
      {
        it.Set(-1024);
      }
    }
  }
  finish("histogram", std::to_string(summary.paddingVoxels) + " padding voxels");

  // 3. The HU volume and its sidecar.
  progress.Begin("write the HU volume");
  {
    ConversionRecord record;
    record.scan = &scan;
    record.series = &series;
    record.geometry = &geometry;
    record.padding = padding;
    record.options.paddingOutputValue = -1024;
    record.outputFile = "ct.nrrd";
    writeInBackground(ct, write("ct", "ct.nrrd"));
    writeTextInBackground(ConversionSidecar(record), write("ct_sidecar", "ct.json"));
  }
  finish("write the HU volume", "ct.nrrd");

  // 4. The montage: 36 slices spread over the stack, lung window; drawn and written on the background queue,
  // which holds the HU volume until then, while the resampling goes on.
  progress.Begin("montage");
  writeMontageInBackground(
    ShareImageBuffer(ct.GetPointer()), nullptr, MontageOverStack(*ct), write("montage", "montage.png"));
  finish("montage", "36 axial slices, drawn in the background");

  // 5. The isotropic volume, streamed: the resampler makes it slab by slab, and each slab is written to
  // ct_1mm.nrrd, averaged into the lung method's working grid (blocks of about 2 mm), searched for the
  // field of view's outside columns, and contoured for the bone surface (every voxel, and every second one
  // for the interactive page), then dropped. The 1 mm volume (119 MB for a chest) is never held whole.
  progress.Begin("resample");
  const double       workingSpacing = LungSegmentationParameters{}.workingSpacing;
  const ResampleGrid grid = ComputeResampleGrid(*ct, { spacing, spacing, spacing }, GridPlacement::CoverExtent, input);
  auto               resample = CreateResampleFilter<HUImageType>(ct, grid, InterpolatorKind::Linear, -1024);
  resample->UpdateOutputInformation();
  HUImageType::Pointer isoGrid = HUImageType::New(); // the 1 mm grid's geometry, no pixels
  isoGrid->CopyInformation(resample->GetOutput());
  const long slices = static_cast<long>(grid.size[2]);
  // Slabs of about 16 slices, starting at multiples of the working grid's slice factor.
  const long factor = static_cast<long>(WorkingGridSliceFactor(*isoGrid, workingSpacing));
  const long slabSlices = factor * std::max(1L, (16 + factor - 1) / factor);
  const auto resampleSlab = [&](long first) {
    auto region = isoGrid->GetLargestPossibleRegion();
    region.SetIndex(2, first);
    region.SetSize(2, static_cast<itk::SizeValueType>(std::min(slabSlices, slices - first)));
    resample->UpdateOutputInformation();
    resample->GetOutput()->SetRequestedRegion(region);
    resample->GetOutput()->Update();
    HUImageType::Pointer slab = resample->GetOutput();
    slab->DisconnectPipeline(); // the filter makes a new output for the next slab
    return slab;
  };
  HUImageType::Pointer workingGrid = NewWorkingGrid(*isoGrid, workingSpacing);
  OutsideColumnsFinder outsideColumns;
  SurfaceOptions       bone;
  auto                 boneSlabs = std::make_unique<SlabSurfaceExtractor>(*isoGrid, bone.threshold, 1);
  auto                 bonePreviewSlabs = std::make_unique<SlabSurfaceExtractor>(*isoGrid, bone.threshold, 2);
  {
    StreamingNRRDWriter<short> isoWriter(write("ct_resampled", "ct_1mm.nrrd"), *isoGrid, ctCompression);
    for (long first = 0; first < slices; first += slabSlices)
    {
      const HUImageType::Pointer slab = resampleSlab(first);
      isoWriter.Append(slab);
      ShrinkSlabIntoWorkingGrid(slab, workingGrid, workingSpacing);
      outsideColumns.Add(slab);
      boneSlabs->AddSlab(slab);
      bonePreviewSlabs->AddSlab(slab);
      progress.Update(static_cast<double>(first + slabSlices) / static_cast<double>(slices));
    }
    isoWriter.Commit();
  }
  // The HU volume has given all it had to: the lung stage reads the 1 mm volume back from its file (ct.nrrd's
  // write, on the background queue, holds the pixels until it is done). The pages of the freed slabs stay
  // with the process's heap, and the stages after this one take their images from them. They are not handed
  // back to the system here, nor after the bone and lung stages: that cost A0001's run 0.15 s of page faults
  // and zeroing, for the same peak (Run.md, "Memory kept for reuse").
  resample = nullptr;
  ct = nullptr;
  for (unsigned int d = 0; d < 3; ++d)
  {
    summary.resampledSize[d] = static_cast<unsigned int>(grid.size[d]);
    summary.resampledSpacing[d] = grid.spacing[d];
  }
  finish("resample", SizeText(*isoGrid) + ", streamed in slabs of " + std::to_string(slabSlices) + " slices");

  // 6. The bone surface at 350 HU, every voxel, as the seed; its pieces outside the body (the table) dropped,
  // the body being found on the working grid (telling which pieces of the mesh lie inside the body needs no
  // finer grid). The interactive page gets the surface sampled every second voxel, as the seed's plotly view
  // did: a browser turns it smoothly, and it is cheaper than decimating the full mesh. The mesh is drawn at
  // once and goes.
  // A surface the data cannot give (nothing at its threshold, a volume one voxel thick) is noted, and the run
  // goes on; a file that cannot be written stops it.
  const auto surfaceOrNote = [&](const std::string & what, const std::function<std::string()> & make) {
    try
    {
      return make();
    }
    catch (const Error & error)
    {
      if (!error.File().empty())
      {
        throw;
      }
      summary.notes.push_back("No " + what + ": " + error.Problem() + ".");
      return "none: " + error.Problem();
    }
  };
  progress.Begin("bone surface");
  finish("bone surface", surfaceOrNote("bone surface", [&]() -> std::string {
           const BodyMaskType::Pointer body = ComputeBodyMask(workingGrid);
           auto                        boneSurface = KeepPiecesInsideBody(boneSlabs->GetSurface(), body);
           if (boneSurface->GetNumberOfPolys() == 0)
           {
             throw Error("", "no part of the body reaches 350 HU");
           }
           boneSurface = ComputeSurfaceNormals(boneSurface);
           vtkSmartPointer<vtkPolyData> preview;
           if (IsThickEnoughForSurface(isoGrid->GetLargestPossibleRegion().GetSize(), 2))
           {
             preview = KeepPiecesInsideBody(bonePreviewSlabs->GetSurface(), body);
           }
           summary.meshes.push_back(WriteMesh(boneSurface,
                                              preview && preview->GetNumberOfPolys() > 0 ? preview : nullptr,
                                              folder,
                                              "bone",
                                              "Bone at 350 HU",
                                              bone.threshold,
                                              summary));
           RenderStill(boneSurface, folder, summary.meshes.back(), summary);
           return std::to_string(summary.meshes.back().triangles) + " triangles";
         }));
  boneSlabs = nullptr; // with what is left of the meshes
  bonePreviewSlabs = nullptr;

  // 7. The lungs: the method analyses the working grid, then labels the 1 mm grid slab by slab, each slab
  // read back from ct_1mm.nrrd: resampling again would hold the HU volume through the lung stage (Run.md).
  // Each slab's labels go to lungs.nrrd, and the slab, outside the lungs set to air, to lungs_masked.nrrd; the steps
  // figure's slice and the masked CT montage's slices are kept on the way.
  progress.Begin("lung mask");
  const auto                 lungStart = std::chrono::steady_clock::now();
  LungMaskOutcome            lungs;
  LungSegmentationParameters parameters;
  parameters.keepSteps = true;
  std::unique_ptr<LungSlabLabeller> labeller = std::make_unique<LungSlabLabeller>(
    *isoGrid, std::move(workingGrid), outsideColumns.Columns(), parameters, &lungs.steps);
  const long           stepsSlice = lungs.steps.inputSlice;
  const MontageOptions maskedMontage = MontageOverStack(*isoGrid);
  std::vector<long>    montageSlices; // the tiles' slices, as the montage lays them out
  for (const long slice : ComputeMontageLayout(*isoGrid, maskedMontage).slices)
  {
    if (slice >= 0)
    {
      montageSlices.push_back(slice);
    }
  }
  const HUImageType::Pointer montageStack = SlicesOf(*isoGrid, montageSlices);
  HUImageType::Pointer       stepsCT;
  LabelImageType::Pointer    stepsLabels;
  {
    StreamingNRRDWriter<unsigned char> labelWriter(write("lung_mask", "lungs.nrrd"), *isoGrid);
    StreamingNRRDWriter<short>         maskedWriter(write("masked_ct", "lungs_masked.nrrd"), *isoGrid);
    StreamingNRRDReader<short>         isoReader(folder + "/ct_1mm.nrrd", *isoGrid);
    for (long first = 0; first < slices; first += slabSlices)
    {
      const HUImageType::Pointer slab = isoReader.ReadSlab(slabSlices);
      auto                       labels = LabelImageType::New();
      labels->CopyInformation(slab); // the whole grid, which lungs.json describes (steps figure's slice below)
      labels->SetBufferedRegion(slab->GetBufferedRegion());
      labels->Allocate();
      labeller->LabelSlab(slab, labels);
      labelWriter.Append(labels);
      if (stepsSlice >= first && stepsSlice < first + slabSlices)
      {
        stepsCT = CopySlices(slab.GetPointer(), stepsSlice, 1);
        stepsLabels = CopySlices(labels.GetPointer(), stepsSlice, 1);
      }
      ApplyLungMaskInPlace(slab, labels, -1024);
      maskedWriter.Append(slab);
      CopyMatchingSlices(slab, montageSlices, montageStack);
      progress.Update(static_cast<double>(first + slabSlices) / static_cast<double>(slices));
    }
    labelWriter.Commit();
    maskedWriter.Commit();
  }
  lungs.method = LungMaskMethod::Robust;
  lungs.report = labeller->Report();
  labeller = nullptr;
  lungs.rightVolume = lungs.report.rightLungVolume;
  lungs.leftVolume = lungs.report.leftLungVolume;
  lungs.totalVolume = lungs.rightVolume + lungs.leftVolume;
  lungs.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - lungStart).count();
  lungs.ct = stepsCT;
  lungs.labels = stepsLabels;
  summary.lungReport = lungs.report;
  summary.rightLungVolume = lungs.rightVolume;
  summary.leftLungVolume = lungs.leftVolume;
  writeTextInBackground(LungMaskSidecar(lungs, input, "resampled"), write("lung_sidecar", "lungs.json"));
  WriteLungMaskStepsFigure(lungs, stepsSlice, write("lung_steps", "lungs_steps.png"));
  // Of the method's steps, later stages need only the lungs on the working grid.
  lungs.steps.workingImage = nullptr;
  lungs.steps.airMask = nullptr;
  lungs.steps.insideAirMask = nullptr;
  lungs.steps.components = nullptr;
  lungs.steps.body = nullptr;
  lungs.ct = nullptr;
  lungs.labels = nullptr;
  finish("lung mask",
         std::to_string(static_cast<long>(lungs.rightVolume)) + " + " +
           std::to_string(static_cast<long>(lungs.leftVolume)) + " mL");

  // 8. The masked CT's montage, from the slices kept on the way (the lungs tinted from the working-grid
  // labels, which the montage samples in patient space), drawn and written on the background queue while the
  // lung surfaces are made.
  progress.Begin("masked CT");
  {
    MontageOptions options;
    options.start = 0;
    options.every = 1;
    options.sliceNumbers = montageSlices;
    writeMontageInBackground(montageStack,
                             CastLabels<MontageMaskType>(lungs.steps.lungLabels),
                             std::move(options),
                             write("masked_montage", "lungs_masked_montage.png"));
  }
  finish("masked CT", "lungs_masked.nrrd");

  // 9. The lung surfaces, from the working-grid labels (about 2 mm): the 1 mm labels would give four times
  // the triangles for a picture that shows no more, each lung its own closed surface.
  progress.Begin("lung surfaces");
  finish("lung surfaces", surfaceOrNote("lung surface", [&]() -> std::string {
           const std::vector<int> lungsPresent = LabelsPresent(lungs.steps.lungLabels);
           if (lungsPresent.empty())
           {
             throw Error("", "the lung mask is empty");
           }
           const auto labels = CastLabels<HUImageType>(lungs.steps.lungLabels);
           auto       append = vtkSmartPointer<vtkAppendPolyData>::New();
           for (const int label : lungsPresent)
           {
             SurfaceOptions lung;
             lung.labelMode = true;
             lung.label = label;
             lung.smoothIterations = 20; // the working grid's voxel steps would show in the still otherwise
             append->AddInputData(ExtractSurface(labels, lung));
           }
           append->Update();
           vtkPolyData * lungSurface = append->GetOutput();
           summary.meshes.push_back(
             WriteMesh(lungSurface, nullptr, folder, "lungs", "Lungs (right and left)", 0.0, summary));
           RenderStill(lungSurface, folder, summary.meshes.back(), summary);
           return std::to_string(summary.meshes.back().triangles) + " triangles";
         }));

  // 10. The writes still under way; then the report and the summary, last.
  progress.Begin("finish writing");
  writes.Finish();
  finish("finish writing", "volumes and pictures written");
  progress.Begin("report");
  summary.totalSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  summary.peakMemoryMB = PeakResidentMemoryMB();
  summary.files.emplace_back("report", "report.html");
  summary.files.emplace_back("summary", "summary.json");
  WriteTextFileAtomically(folder + "/report.html", ReportHTML(summary, folder));
  finish("report", "report.html");
  summary.totalSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  summary.peakMemoryMB = PeakResidentMemoryMB();
  const std::string text = SummaryJSON(summary);
  WriteTextFileAtomically(folder + "/summary.json", text);

  if (json)
  {
    out << text;
  }
  else if (!quiet)
  {
    out << "wrote " << folder << "/report.html and summary.json in " << std::fixed << std::setprecision(1)
        << summary.totalSeconds << " s (peak memory " << std::setprecision(0) << summary.peakMemoryMB << " MB); lungs "
        << summary.rightLungVolume << " + " << summary.leftLungVolume << " mL\n";
  }
  return 0;
}

} // namespace chestct
