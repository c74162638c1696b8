#ifndef itkDICOMSliceStackImageSource_hxx
#define itkDICOMSliceStackImageSource_hxx

#include "itkDICOMSliceStackImageSource.h"
#include "chestctDICOMFrameReader.h"

#include "itkMultiThreaderBase.h"

#include <algorithm>
#include <exception>
#include <mutex>
#include <type_traits>

namespace itk
{

template <typename TOutputImage>
DICOMSliceStackImageSource<TOutputImage>::DICOMSliceStackImageSource()
{
  m_Origin.Fill(0.0);
  m_Spacing.Fill(1.0);
  m_Direction.SetIdentity();
}

template <typename TOutputImage>
void
DICOMSliceStackImageSource<TOutputImage>::SetFrames(const FrameListType & frames)
{
  m_Frames = frames;
  this->Modified();
}

template <typename TOutputImage>
void
DICOMSliceStackImageSource<TOutputImage>::GenerateOutputInformation()
{
  OutputImageType * output = this->GetOutput();
  if (m_Frames.empty() || m_Rows == 0 || m_Columns == 0)
  {
    itkExceptionMacro(<< "No frames to stack, or a frame size of zero");
  }
  typename OutputImageType::SizeType size = { { m_Columns, m_Rows, static_cast<SizeValueType>(m_Frames.size()) } };
  OutputImageRegionType              region;
  region.SetSize(size);
  output->SetLargestPossibleRegion(region);
  output->SetOrigin(m_Origin);
  output->SetSpacing(m_Spacing);
  output->SetDirection(m_Direction);
}

template <typename TOutputImage>
void
DICOMSliceStackImageSource<TOutputImage>::EnlargeOutputRequestedRegion(DataObject * data)
{
  auto *                      output = static_cast<OutputImageType *>(data);
  const OutputImageRegionType largest = output->GetLargestPossibleRegion();
  OutputImageRegionType       requested = output->GetRequestedRegion();
  for (unsigned int axis = 0; axis < 2; ++axis)
  {
    requested.SetIndex(axis, largest.GetIndex(axis));
    requested.SetSize(axis, largest.GetSize(axis));
  }
  output->SetRequestedRegion(requested);
}

template <typename TOutputImage>
void
DICOMSliceStackImageSource<TOutputImage>::GenerateData()
{
  OutputImageType * output = this->GetOutput();
  this->AllocateOutputs();
  const OutputImageRegionType region = output->GetRequestedRegion();
  const IndexValueType        firstSlice = region.GetIndex(2) - output->GetLargestPossibleRegion().GetIndex(2);
  const SizeValueType         sliceCount = region.GetSize(2);
  const std::size_t           pixelsPerSlice = std::size_t{ m_Rows } * m_Columns;

  // Runs of consecutive slices from one file (a multi-frame object) are decoded together, each file once.
  struct FileRun
  {
    SizeValueType             firstSlice; // within the requested region
    std::vector<unsigned int> frames;
  };
  std::vector<FileRun> runs;
  for (SizeValueType k = 0; k < sliceCount; ++k)
  {
    const FrameReference & frame = m_Frames[firstSlice + k];
    if (runs.empty() || m_Frames[firstSlice + runs.back().firstSlice].file != frame.file)
    {
      runs.push_back({ k, {} });
    }
    runs.back().frames.push_back(frame.frame);
  }

  PixelType * buffer = output->GetBufferPointer(); // the requested region is the buffered region
  // A damaged file throws inside a worker; the first error is kept and thrown
  // once every worker has finished, so no worker outlives the data it uses.
  std::mutex                 errorMutex;
  std::exception_ptr         firstError;
  MultiThreaderBase::Pointer threader = MultiThreaderBase::New();
  threader->SetNumberOfWorkUnits(this->GetNumberOfWorkUnits());
  threader->ParallelizeArray(
    0,
    runs.size(),
    [&](SizeValueType r) {
      try
      {
        const FileRun &     run = runs[r];
        const std::string & file = m_Frames[firstSlice + run.firstSlice].file;
        PixelType *         destination = buffer + run.firstSlice * pixelsPerSlice;
        if constexpr (std::is_same_v<PixelType, std::int32_t>)
        {
          chestct::ReadDICOMStoredValues(file, m_Rows, m_Columns, run.frames, destination);
        }
        else
        {
          std::vector<std::int32_t> stored(pixelsPerSlice * run.frames.size());
          chestct::ReadDICOMStoredValues(file, m_Rows, m_Columns, run.frames, stored.data());
          std::transform(stored.begin(), stored.end(), destination, [](std::int32_t value) {
            return static_cast<PixelType>(value);
          });
        }
      }
      catch (...)
      {
        const std::lock_guard<std::mutex> lock(errorMutex);
        if (!firstError)
        {
          firstError = std::current_exception();
        }
      }
    },
    nullptr);
  if (firstError)
  {
    std::rethrow_exception(firstError);
  }
}

template <typename TOutputImage>
void
DICOMSliceStackImageSource<TOutputImage>::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "Frames: " << m_Frames.size() << std::endl;
  os << indent << "Rows: " << m_Rows << std::endl;
  os << indent << "Columns: " << m_Columns << std::endl;
  os << indent << "Origin: " << m_Origin << std::endl;
  os << indent << "Spacing: " << m_Spacing << std::endl;
  os << indent << "Direction: " << m_Direction << std::endl;
}

} // namespace itk

#endif
