#ifndef itkScanlineRowCache_h
#define itkScanlineRowCache_h

#include <atomic>
#include <cstdint>
#include <limits>
#include <vector>

namespace itk
{

/** \class ScanlineRowCache
 * \brief One input row per thread, already combined over y and z, for interpolators called along output scanlines.
 *
 * ResampleImageFilter evaluates its interpolator voxel after voxel along the
 * output's x scanlines. When the output grid has the input's direction (as the
 * isotropic grids of ChestCT have), every voxel of a scanline maps to the same
 * continuous y and z of the input; only x changes. An interpolator can then
 * combine the input's rows over y and z once per scanline, for every x, and
 * interpolate only along x per voxel: for trilinear interpolation 2 of the 8
 * neighbours per voxel, for cubic B-splines 4 of the 64.
 *
 * The cache holds that row for the calling thread (each of ResampleImageFilter's
 * threads walks its own scanlines). A call for new (key, y, z) is a miss that
 * remembers them; the caller evaluates that voxel directly. When the next call
 * asks for the same, the caller builds the row, and the rest of the scanline
 * reads it. An output grid not aligned with the input (y or z changing at every
 * voxel) therefore never builds a row, and costs a comparison per voxel.
 *
 * The row and the direct evaluation must combine the same values in the same
 * order, so that a voxel's value does not depend on which path computed it.
 *
 * \ingroup ChestCTResample
 */
class ScanlineRowCache
{
public:
  /** A key no interpolator set-up has had before. Interpolators take a new one
   * whenever the values their rows are built from may have changed. */
  static std::uint64_t
  NewKey()
  {
    static std::atomic<std::uint64_t> last{ 0 };
    return ++last;
  }

  /** The calling thread's cache. */
  static ScanlineRowCache &
  ForThisThread()
  {
    thread_local ScanlineRowCache cache;
    return cache;
  }

  /** The row built for (key, y, z), or nullptr. `build` is set when the
   * caller should build it now (the second call in a row for the same key, y and z). */
  const double *
  Find(std::uint64_t key, double y, double z, bool & build)
  {
    build = false;
    if (key == m_Key && y == m_Y && z == m_Z)
    {
      if (m_Built)
      {
        return m_Row.data();
      }
      build = true;
      return nullptr;
    }
    m_Key = key;
    m_Y = y;
    m_Z = z;
    m_Built = false;
    return nullptr;
  }

  /** Storage for the row of the last Find, `length` values; it is then found until the key, y or z changes. */
  double *
  Build(std::size_t length)
  {
    m_Row.resize(length);
    m_Built = true;
    return m_Row.data();
  }

private:
  std::uint64_t       m_Key{ 0 };
  double              m_Y{ std::numeric_limits<double>::quiet_NaN() };
  double              m_Z{ std::numeric_limits<double>::quiet_NaN() };
  bool                m_Built{ false };
  std::vector<double> m_Row;
};

} // namespace itk

#endif
