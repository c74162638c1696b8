#ifndef chestctTriangleRasterizer_h
#define chestctTriangleRasterizer_h

#include <array>
#include <cstdint>
#include <vector>

namespace chestct
{

/** \class TriangleRasterizer
 * \brief Scan-converts triangles into a picture's pixels, keeping for each pixel the surface nearest the eye.
 *
 * The part of a renderer that a still picture of a mesh needs, in software: VTK 9.1 as Debian builds it draws
 * only through an X server's OpenGL, which a batch run on a headless machine does not have, and whose
 * context alone holds more than a hundred megabytes.
 *
 * Shading is deferred: each pixel keeps the inverse depth and the interpolated normal of the nearest
 * fragment, and is shaded once afterwards, so hidden fragments cost no lighting.
 *
 * The rules are OpenGL's, so that a mesh looks as it would through VTK: a pixel is covered when its centre is
 * inside the triangle, with the top-left rule on shared edges (vertices snapped to 1/256 pixel and edge
 * functions evaluated in integers, so that two triangles sharing an edge neither overlap nor leave a crack
 * between them); attributes are interpolated in perspective; and a triangle seen from its back (clockwise on
 * the picture) has its normals reversed, as two-sided lighting does.
 *
 * \ingroup ChestCTSurface
 */
class TriangleRasterizer
{
public:
  /** A vertex projected onto the picture. */
  struct Vertex
  {
    double               x;            ///< pixels from the picture's left edge (pixel centres at 0.5, 1.5, ...)
    double               y;            ///< pixels from the picture's top edge, downwards
    double               inverseDepth; ///< 1 / the vertex's distance in front of the eye, along the view axis (> 0)
    std::array<float, 3> normal;
  };

  TriangleRasterizer(unsigned int width, unsigned int height);

  void
  Draw(const Vertex & a, const Vertex & b, const Vertex & c)
  {
    Draw(a, b, c, 0, m_Height);
  }

  /** Draws the part of a triangle on rows firstRow to endRow - 1 only: threads drawing every triangle each
   * into rows of their own make the same picture as one thread drawing them all, pixel for pixel (a pixel's
   * values come from its triangles' integer edge functions, whichever row the drawing starts from). */
  void
  Draw(const Vertex & a, const Vertex & b, const Vertex & c, unsigned int firstRow, unsigned int endRow);

  unsigned int
  Width() const
  {
    return m_Width;
  }
  unsigned int
  Height() const
  {
    return m_Height;
  }

  /** Whether a triangle covers pixel (x, y), y counted from the top. */
  bool
  Covered(unsigned int x, unsigned int y) const
  {
    return m_InverseDepth[Index(x, y)] > 0.0f;
  }

  /** The normal of the nearest surface at pixel (x, y), interpolated, not normalized, facing the eye's side
   * of its triangle. */
  const std::array<float, 3> &
  Normal(unsigned int x, unsigned int y) const
  {
    return m_Normal[Index(x, y)];
  }

private:
  std::size_t
  Index(unsigned int x, unsigned int y) const
  {
    return static_cast<std::size_t>(y) * m_Width + x;
  }

  unsigned int                      m_Width;
  unsigned int                      m_Height;
  std::vector<float>                m_InverseDepth; // 0 where nothing is drawn
  std::vector<std::array<float, 3>> m_Normal;
};

} // namespace chestct

#endif
