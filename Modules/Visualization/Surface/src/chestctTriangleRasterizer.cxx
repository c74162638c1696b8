#include "chestctTriangleRasterizer.h"

#include <algorithm>
#include <cmath>

namespace chestct
{
namespace
{
/** Vertices are snapped to 1/256 pixel: at 8 bits of sub-pixel precision, as GPUs use, the edge functions of a
 * picture up to 2^20 pixels wide fit comfortably in 64-bit integers. */
constexpr int          kSubpixelBits = 8;
constexpr std::int64_t kSubpixel = std::int64_t{ 1 } << kSubpixelBits;
constexpr std::int64_t kHalfPixel = kSubpixel / 2;

struct FixedPoint
{
  std::int64_t x;
  std::int64_t y;
};

FixedPoint
Snap(const TriangleRasterizer::Vertex & vertex)
{
  return { std::llround(vertex.x * kSubpixel), std::llround(vertex.y * kSubpixel) };
}

/** Twice the signed area of (a, b, p), positive when p lies to the right of a -> b on a y-down picture. */
std::int64_t
EdgeFunction(const FixedPoint & a, const FixedPoint & b, const FixedPoint & p)
{
  return (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
}

/** The top-left rule: a pixel centre exactly on an edge belongs to the triangle only if the edge is a top edge
 * (horizontal, the triangle below it) or a left edge (the triangle to its right). For edges of a triangle
 * whose edge functions are positive inside, that is an edge running right, or running up the picture. */
std::int64_t
TopLeftBias(const FixedPoint & a, const FixedPoint & b)
{
  const bool top = a.y == b.y && b.x > a.x;
  const bool left = b.y < a.y;
  return top || left ? 0 : -1;
}
} // namespace

TriangleRasterizer::TriangleRasterizer(unsigned int width, unsigned int height)
  : m_Width(width)
  , m_Height(height)
  , m_InverseDepth(static_cast<std::size_t>(width) * height, 0.0f)
  , m_Normal(static_cast<std::size_t>(width) * height, std::array<float, 3>{ { 0.0f, 0.0f, 0.0f } })
{}

void
TriangleRasterizer::Draw(const Vertex & a, const Vertex & b, const Vertex & c, unsigned int firstRow,
                         unsigned int endRow)
{
  // A vertex behind the eye, or not a finite point (a mesh read from a damaged file), draws nothing. A still's
  // camera stands outside the mesh's bounding sphere, so the first does not occur for a finite mesh; the bound
  // on the coordinates keeps the snapped values and the edge functions far inside 64 bits.
  constexpr double kFarOutside = 1.0e9; // pixels
  for (const Vertex * v : { &a, &b, &c })
  {
    if (!(v->inverseDepth > 0.0 && std::isfinite(v->inverseDepth) && std::abs(v->x) < kFarOutside &&
          std::abs(v->y) < kFarOutside))
    {
      return;
    }
  }
  const Vertex * vertex[3] = { &a, &b, &c };
  FixedPoint     p[3] = { Snap(a), Snap(b), Snap(c) };
  std::int64_t   area = EdgeFunction(p[0], p[1], p[2]);
  if (area == 0)
  {
    return; // no interior: it covers no pixel centre
  }
  // OpenGL's front face is counter-clockwise as seen, which is a negative area on a y-down picture. A triangle
  // seen from its back gets its normals reversed (two-sided lighting); either way the vertices are put in the
  // order that makes the edge functions positive inside.
  const float facing = area < 0 ? 1.0f : -1.0f;
  if (area < 0)
  {
    std::swap(p[1], p[2]);
    std::swap(vertex[1], vertex[2]);
    area = -area;
  }

  // The pixels whose centres ((i + 1/2) pixels) can lie inside, clipped to the picture.
  const auto firstPixel = [](std::int64_t low) {
    return std::max<std::int64_t>(0, (low - kHalfPixel + kSubpixel - 1) >> kSubpixelBits);
  };
  const auto lastPixel = [](std::int64_t high, unsigned int size) {
    return std::min<std::int64_t>(static_cast<std::int64_t>(size) - 1, (high - kHalfPixel) >> kSubpixelBits);
  };
  const std::int64_t x0 = firstPixel(std::min({ p[0].x, p[1].x, p[2].x }));
  const std::int64_t x1 = lastPixel(std::max({ p[0].x, p[1].x, p[2].x }), m_Width);
  const std::int64_t y0 = std::max<std::int64_t>(firstPixel(std::min({ p[0].y, p[1].y, p[2].y })), firstRow);
  const std::int64_t y1 = std::min<std::int64_t>(lastPixel(std::max({ p[0].y, p[1].y, p[2].y }), m_Height),
                                                 static_cast<std::int64_t>(endRow) - 1);
  if (x0 > x1 || y0 > y1)
  {
    return;
  }

  // Edge i is the one opposite vertex i; its function, divided by the area, is vertex i's barycentric weight.
  const FixedPoint from[3] = { p[1], p[2], p[0] };
  const FixedPoint to[3] = { p[2], p[0], p[1] };
  std::int64_t     rowStart[3];
  std::int64_t     stepX[3];
  std::int64_t     stepY[3];
  std::int64_t     bias[3];
  const FixedPoint firstCentre{ (x0 << kSubpixelBits) + kHalfPixel, (y0 << kSubpixelBits) + kHalfPixel };
  for (int i = 0; i < 3; ++i)
  {
    rowStart[i] = EdgeFunction(from[i], to[i], firstCentre);
    stepX[i] = -(to[i].y - from[i].y) * kSubpixel;
    stepY[i] = (to[i].x - from[i].x) * kSubpixel;
    bias[i] = TopLeftBias(from[i], to[i]);
  }

  // Perspective-correct interpolation: inverse depth is linear on the picture, and so is each attribute
  // divided by depth.
  const double inverseArea = 1.0 / static_cast<double>(area);
  double       weightedNormal[3][3];
  for (int i = 0; i < 3; ++i)
  {
    for (int k = 0; k < 3; ++k)
    {
      weightedNormal[i][k] = facing * vertex[i]->normal[k] * vertex[i]->inverseDepth;
    }
  }
  for (std::int64_t y = y0; y <= y1; ++y)
  {
    std::int64_t e[3] = { rowStart[0], rowStart[1], rowStart[2] };
    for (std::int64_t x = x0; x <= x1; ++x)
    {
      if (e[0] + bias[0] >= 0 && e[1] + bias[1] >= 0 && e[2] + bias[2] >= 0)
      {
        const double l0 = e[0] * inverseArea;
        const double l1 = e[1] * inverseArea;
        const double l2 = e[2] * inverseArea;
        const double inverseDepth =
          l0 * vertex[0]->inverseDepth + l1 * vertex[1]->inverseDepth + l2 * vertex[2]->inverseDepth;
        const std::size_t index = Index(static_cast<unsigned int>(x), static_cast<unsigned int>(y));
        if (inverseDepth > m_InverseDepth[index]) // nearer than what is there
        {
          m_InverseDepth[index] = static_cast<float>(inverseDepth);
          for (int k = 0; k < 3; ++k)
          {
            // Dividing by the interpolated inverse depth is a common scale, which normalizing removes later.
            m_Normal[index][k] =
              static_cast<float>(l0 * weightedNormal[0][k] + l1 * weightedNormal[1][k] + l2 * weightedNormal[2][k]);
          }
        }
      }
      for (int i = 0; i < 3; ++i)
      {
        e[i] += stepX[i];
      }
    }
    for (int i = 0; i < 3; ++i)
    {
      rowStart[i] += stepY[i];
    }
  }
}

} // namespace chestct
