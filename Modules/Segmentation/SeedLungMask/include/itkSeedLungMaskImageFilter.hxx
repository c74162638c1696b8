#ifndef itkSeedLungMaskImageFilter_hxx
#define itkSeedLungMaskImageFilter_hxx

#include "itkSeedLungMaskImageFilter.h"

#include "itkImageAlgorithm.h"
#include "itkSliceBySliceImageFilter.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace itk
{

template <typename TInputImage, typename TOutputImage>
void
SeedLungMaskImageFilter<TInputImage, TOutputImage>::EnlargeOutputRequestedRegion(DataObject * output)
{
  Superclass::EnlargeOutputRequestedRegion(output);
  auto *     image = static_cast<TOutputImage *>(output);
  RegionType region = image->GetLargestPossibleRegion();
  // Whole slices in-plane; the requested slices along the slice axis.
  const RegionType requested = image->GetRequestedRegion();
  region.SetIndex(m_SliceDimension, requested.GetIndex(m_SliceDimension));
  region.SetSize(m_SliceDimension, requested.GetSize(m_SliceDimension));
  image->SetRequestedRegion(region);
}

template <typename TInputImage, typename TOutputImage>
void
SeedLungMaskImageFilter<TInputImage, TOutputImage>::GenerateInputRequestedRegion()
{
  Superclass::GenerateInputRequestedRegion(); // the output's requested region: whole slices
}

template <typename TInputImage, typename TOutputImage>
void
SeedLungMaskImageFilter<TInputImage, TOutputImage>::GenerateData()
{
  this->AllocateOutputs();
  const RegionType    requested = this->GetOutput()->GetRequestedRegion();
  const SizeValueType slices = requested.GetSize(m_SliceDimension);
  if (slices == 0)
  {
    return;
  }
  // A few slabs per thread balance slices of unequal cost (padding slices are quick).
  const SizeValueType threads =
    std::min<SizeValueType>(slices, std::max<ThreadIdType>(1, this->GetNumberOfWorkUnits()));
  const SizeValueType  slabs = std::min<SizeValueType>(slices, 4 * threads);
  const IndexValueType first = requested.GetIndex(m_SliceDimension);
  // Plain threads, not the multi-threader's pool: the slice filters inside submit their (single) work
  // units to that pool and wait for them, which would deadlock if the pool's threads were all running
  // slabs here.
  std::atomic<SizeValueType> next{ 0 };
  std::exception_ptr         failure;
  std::mutex                 failureMutex;
  const auto                 worker = [&]() {
    for (SizeValueType s = next++; s < slabs; s = next++)
    {
      const IndexValueType begin = first + static_cast<IndexValueType>(s * slices / slabs);
      const IndexValueType end = first + static_cast<IndexValueType>((s + 1) * slices / slabs);
      RegionType           slab = requested;
      slab.SetIndex(m_SliceDimension, begin);
      slab.SetSize(m_SliceDimension, static_cast<SizeValueType>(end - begin));
      try
      {
        this->GenerateSlab(slab);
      }
      catch (...)
      {
        const std::lock_guard<std::mutex> lock(failureMutex);
        if (!failure)
        {
          failure = std::current_exception();
        }
        next = slabs; // stop the others early
      }
    }
  };
  std::vector<std::thread> pool;
  for (SizeValueType t = 1; t < threads; ++t)
  {
    pool.emplace_back(worker);
  }
  worker();
  for (std::thread & thread : pool)
  {
    thread.join();
  }
  if (failure)
  {
    std::rethrow_exception(failure);
  }
}

template <typename TInputImage, typename TOutputImage>
void
SeedLungMaskImageFilter<TInputImage, TOutputImage>::GenerateSlab(const RegionType & slab)
{
  const TInputImage * input = this->GetInput();
  // A source-less view of the input's buffer: the slab's own pipeline must not reach upstream (and
  // must not touch the input's requested region, which other threads share).
  auto view = TInputImage::New();
  view->CopyInformation(input);
  view->SetBufferedRegion(input->GetBufferedRegion());
  view->SetPixelContainer(const_cast<typename TInputImage::PixelContainer *>(input->GetPixelContainer()));

  auto sliceFilter = SliceFilterType::New();
  sliceFilter->SetNumberOfWorkUnits(1);
  using SliceBySliceType = SliceBySliceImageFilter<TInputImage, TOutputImage, SliceFilterType, SliceFilterType>;
  auto slicer = SliceBySliceType::New();
  slicer->SetNumberOfWorkUnits(1);
  slicer->SetDimension(m_SliceDimension);
  slicer->SetFilter(sliceFilter);
  slicer->SetInput(view);
  slicer->GetOutput()->SetRequestedRegion(slab);
  slicer->GetOutput()->Update();
  ImageAlgorithm::Copy(slicer->GetOutput(), this->GetOutput(), slab, slab);
}

template <typename TInputImage, typename TOutputImage>
void
SeedLungMaskImageFilter<TInputImage, TOutputImage>::PrintSelf(std::ostream & os, Indent indent) const
{
  Superclass::PrintSelf(os, indent);
  os << indent << "SliceDimension: " << m_SliceDimension << std::endl;
}

} // namespace itk

#endif
