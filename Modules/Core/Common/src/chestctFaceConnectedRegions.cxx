#include "chestctFaceConnectedRegions.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace chestct
{

void
FaceConnectedRegions::Join(std::size_t ny, std::size_t nz)
{
  // A region's root is its first run, so that roots come in the memory order of the regions' first voxels.
  std::vector<std::size_t> parent(m_Runs.size());
  std::iota(parent.begin(), parent.end(), std::size_t{ 0 });
  const auto root = [&parent](std::size_t run) {
    while (parent[run] != run)
    {
      parent[run] = parent[parent[run]]; // path halving
      run = parent[run];
    }
    return run;
  };
  // Joins each run of `row` to the runs of `previous` that share an x with it.
  const auto joinRows = [&](std::size_t row, std::size_t previous) {
    std::size_t j = m_RowStart[previous];
    for (std::size_t i = m_RowStart[row]; i < m_RowStart[row + 1]; ++i)
    {
      while (j < m_RowStart[previous + 1] && m_Runs[j].end <= m_Runs[i].begin)
        ++j;
      for (std::size_t k = j; k < m_RowStart[previous + 1] && m_Runs[k].begin < m_Runs[i].end; ++k)
      {
        const std::size_t a = root(i), b = root(k);
        if (a != b)
          parent[std::max(a, b)] = std::min(a, b);
      }
    }
  };
  for (std::size_t z = 0; z < nz; ++z)
  {
    for (std::size_t y = 0; y < ny; ++y)
    {
      const std::size_t row = z * ny + y;
      if (y > 0)
        joinRows(row, row - 1);
      if (z > 0)
        joinRows(row, row - ny);
    }
  }

  // Sizes by root, then the roots ranked: larger first, equal sizes in memory order.
  std::vector<std::size_t> size(m_Runs.size(), 0);
  for (std::size_t i = 0; i < m_Runs.size(); ++i)
    size[root(i)] += m_Runs[i].end - m_Runs[i].begin;
  std::vector<std::size_t> roots;
  for (std::size_t i = 0; i < m_Runs.size(); ++i)
    if (parent[i] == i)
      roots.push_back(i);
  if (roots.size() > std::numeric_limits<std::uint32_t>::max())
  {
    throw std::length_error("FaceConnectedRegions: more regions than 32-bit labels can number");
  }
  std::stable_sort(roots.begin(), roots.end(), [&size](std::size_t a, std::size_t b) { return size[a] > size[b]; });
  std::vector<std::uint32_t> labelOfRoot(m_Runs.size(), 0);
  m_Sizes.resize(roots.size());
  for (std::size_t rank = 0; rank < roots.size(); ++rank)
  {
    labelOfRoot[roots[rank]] = static_cast<std::uint32_t>(rank + 1);
    m_Sizes[rank] = size[roots[rank]];
  }
  m_LabelOfRun.resize(m_Runs.size());
  for (std::size_t i = 0; i < m_Runs.size(); ++i)
    m_LabelOfRun[i] = labelOfRoot[root(i)];
}

} // namespace chestct
