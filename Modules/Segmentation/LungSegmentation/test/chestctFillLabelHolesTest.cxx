// Slice-wise hole filling of label images (FillLabelHolesInSlice), against a plain reference written from its
// definition: background not linked to the slice's edge by a 4-connected path of background is a hole, and a
// hole pixel, taken row by row, gets the label on its left.
#include "chestctVolumeMask.h"

#include <catch2/catch.hpp>

#include <random>
#include <vector>

namespace
{
std::vector<unsigned char>
FillHolesByDefinition(std::vector<unsigned char> slice, long nx, long ny)
{
  std::vector<char> reached(slice.size(), 0);
  std::vector<long> queue;
  const auto        visit = [&](long x, long y) {
    if (x < 0 || y < 0 || x >= nx || y >= ny)
      return;
    const long i = y * nx + x;
    if (slice[static_cast<std::size_t>(i)] == 0 && !reached[static_cast<std::size_t>(i)])
    {
      reached[static_cast<std::size_t>(i)] = 1;
      queue.push_back(i);
    }
  };
  for (long x = 0; x < nx; ++x)
  {
    visit(x, 0);
    visit(x, ny - 1);
  }
  for (long y = 0; y < ny; ++y)
  {
    visit(0, y);
    visit(nx - 1, y);
  }
  for (std::size_t head = 0; head < queue.size(); ++head)
  {
    const long x = queue[head] % nx, y = queue[head] / nx;
    visit(x - 1, y);
    visit(x + 1, y);
    visit(x, y - 1);
    visit(x, y + 1);
  }
  for (std::size_t i = 0; i < slice.size(); ++i)
    if (slice[i] == 0 && !reached[i])
      slice[i] = slice[i - 1]; // a hole is never in the first column: its left pixel exists
  return slice;
}

/** Random rectangles and rings of labels 1 and 2, some cut by the slice's edge. */
std::vector<unsigned char>
RandomLabels(std::mt19937 & random, long nx, long ny)
{
  std::vector<unsigned char>          slice(static_cast<std::size_t>(nx * ny), 0);
  std::uniform_int_distribution<long> x(-3, nx + 2), y(-3, ny + 2), label(1, 2), shapes(0, 8);
  for (long shape = shapes(random); shape > 0; --shape)
  {
    const long xa = x(random), xb = x(random), ya = y(random), yb = y(random), value = label(random);
    const bool ring = shape % 2 == 0;
    for (long v = std::max(0L, std::min(ya, yb)); v <= std::min(ny - 1, std::max(ya, yb)); ++v)
      for (long u = std::max(0L, std::min(xa, xb)); u <= std::min(nx - 1, std::max(xa, xb)); ++u)
      {
        const bool border =
          u == std::min(xa, xb) || u == std::max(xa, xb) || v == std::min(ya, yb) || v == std::max(ya, yb);
        if (!ring || border)
          slice[static_cast<std::size_t>(v * nx + u)] = static_cast<unsigned char>(value);
      }
  }
  return slice;
}
} // namespace

TEST_CASE("FillLabelHolesInSlice fills enclosed background with the label on its left and leaves open bays",
          "[lung][holes]")
{
  // A ring of 1 whose left half is 2 around a 2 x 2 hole, a C of 1 open to the right, and a lone 1.
  const long                       nx = 12, ny = 7;
  const std::vector<unsigned char> before = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, //
                                              0, 2, 2, 1, 1, 0, 1, 1, 1, 0, 0, 0, //
                                              0, 2, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, //
                                              0, 2, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, //
                                              0, 2, 2, 1, 1, 0, 1, 1, 1, 0, 0, 0, //
                                              0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, //
                                              0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
  std::vector<unsigned char>       after = before;
  chestct::lung::FillLabelHolesInSlice(after.data(), nx, ny);
  std::vector<unsigned char> expected = before;
  expected[2 * nx + 2] = expected[2 * nx + 3] = 2; // the hole takes the label on its left, row by row
  expected[3 * nx + 2] = expected[3 * nx + 3] = 2;
  CHECK(after == expected); // the C's bay and everything outside stay background
}

TEST_CASE("FillLabelHolesInSlice agrees with the definition on random label slices", "[lung][holes]")
{
  std::mt19937 random(20261125);
  for (int trial = 0; trial < 400; ++trial)
  {
    std::uniform_int_distribution<long> size(1, 40);
    const long                          nx = size(random), ny = size(random);
    std::vector<unsigned char>          slice = RandomLabels(random, nx, ny);
    const std::vector<unsigned char>    expected = FillHolesByDefinition(slice, nx, ny);
    chestct::lung::FillLabelHolesInSlice(slice.data(), nx, ny);
    INFO("trial " << trial << ": " << nx << " x " << ny);
    REQUIRE(slice == expected);
  }
}
