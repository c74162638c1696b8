#ifndef chestctFaceConnectedRegions_h
#define chestctFaceConnectedRegions_h

#include <cstddef>
#include <cstdint>
#include <vector>

namespace chestct
{
/** \class FaceConnectedRegions
 * \brief The face-connected regions of the voxels a test selects in a 3D buffer, ranked from the largest.
 *
 * What itk::ConnectedComponentImageFilter (fully connected off) followed by itk::RelabelComponentImageFilter
 * gives, label for label (tested): regions numbered 1, 2, ... from the largest, regions of equal size in the
 * memory order of their first voxel. Made as runs of selected voxels along x, joined by union-find to the
 * overlapping runs of the row before and of the same row in the slice before. For the air of
 * lungdx-A0001-5mm's working grid (7 million voxels) it took 0.011 to 0.016 s against the ITK pair's 0.052 to
 * 0.062 s on two threads, and it holds no label image of its own: Paint writes the labels into the caller's
 * buffer, of whatever type.
 *
 * \ingroup ChestCTCommon
 */
class FaceConnectedRegions
{
public:
  /** The regions of the voxels `selected(offset)` returns true for, in a buffer of nx * ny * nz voxels, x
   * fastest. */
  template <typename TSelected>
  FaceConnectedRegions(std::size_t nx, std::size_t ny, std::size_t nz, const TSelected & selected)
    : m_Width(nx)
    , m_RowStart(ny * nz + 1, 0)
  {
    for (std::size_t row = 0; row < ny * nz; ++row)
    {
      const std::size_t first = row * nx;
      for (std::size_t x = 0; x < nx;)
      {
        if (!selected(first + x))
        {
          ++x;
          continue;
        }
        const std::size_t begin = x;
        while (x < nx && selected(first + x))
          ++x;
        m_Runs.push_back({ static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(x) });
      }
      m_RowStart[row + 1] = m_Runs.size();
    }
    Join(ny, nz);
  }

  /** How many regions there are. */
  std::size_t
  NumberOfRegions() const
  {
    return m_Sizes.size();
  }

  /** The voxel counts of the regions, from the largest (region 1). */
  const std::vector<std::size_t> &
  Sizes() const
  {
    return m_Sizes;
  }

  /** Calls visit(row, begin, end, label) for each run of a region's voxels, row by row (row y of slice z is
   * row y + ny * z), from column `begin` up to `end` excluded; labels from 1, the largest. */
  template <typename TVisit>
  void
  ForEachRun(const TVisit & visit) const
  {
    for (std::size_t row = 0; row + 1 < m_RowStart.size(); ++row)
    {
      for (std::size_t run = m_RowStart[row]; run < m_RowStart[row + 1]; ++run)
      {
        visit(row, m_Runs[run].begin, m_Runs[run].end, m_LabelOfRun[run]);
      }
    }
  }

  /** Writes `value(label)` over each region's voxels in `buffer` (labels from 1, the largest); voxels not
   * selected are left as they are. */
  template <typename TPixel, typename TValue>
  void
  Paint(TPixel * buffer, const TValue & value) const
  {
    ForEachRun([&](std::size_t row, std::uint32_t begin, std::uint32_t end, std::uint32_t label) {
      TPixel * const line = buffer + row * m_Width;
      const TPixel   v = value(label);
      for (std::uint32_t x = begin; x < end; ++x)
        line[x] = v;
    });
  }

private:
  struct Run
  {
    std::uint32_t begin, end; ///< x, end excluded
  };

  /** Joins the runs into regions and ranks them (m_LabelOfRun, m_Sizes). */
  void
  Join(std::size_t ny, std::size_t nz);

  std::size_t                m_Width;
  std::vector<Run>           m_Runs;       ///< row by row
  std::vector<std::size_t>   m_RowStart;   ///< row r's runs: m_Runs[m_RowStart[r]] up to m_Runs[m_RowStart[r + 1]]
  std::vector<std::uint32_t> m_LabelOfRun; ///< each run's region label, from 1 (the largest)
  std::vector<std::size_t>   m_Sizes;      ///< by label - 1
};

} // namespace chestct

#endif
