#include "itkFastRounding.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <iomanip>
#include <limits>
#include <random>
#include <vector>

TEST_CASE("FastRounding::Round is std::round and Floor is std::floor", "[rounding]")
{
  // Halves and their neighbours at every scale, the largest double below a half, the edges of the range where
  // every double is whole (2^52, 2^53), infinities, and random doubles of every magnitude.
  std::vector<double> values = { 0.0,
                                 0.49999999999999994,
                                 -0.49999999999999994,
                                 4503599627370495.5,
                                 4503599627370496.0,
                                 4503599627370497.0,
                                 9007199254740993.0,
                                 1e300,
                                 std::numeric_limits<double>::infinity(),
                                 std::numeric_limits<double>::denorm_min() };
  for (double half = 0.5; half < 1e16; half = half * 2.0 + 0.5)
  {
    values.insert(values.end(), { half, std::nextafter(half, 0.0), std::nextafter(half, 1e300) });
  }
  std::mt19937_64 random(3);
  for (int i = 0; i < 1000000; ++i)
  {
    const std::uint64_t bits = random();
    double              value;
    std::memcpy(&value, &bits, sizeof(value));
    if (!std::isnan(value))
    {
      values.push_back(value);
    }
    values.push_back(std::ldexp(static_cast<double>(random() % 2000001) - 1000000.0, -static_cast<int>(random() % 24)));
  }
  const std::size_t count = values.size();
  for (std::size_t i = 0; i < count; ++i)
  {
    values.push_back(-values[i]);
  }

  std::size_t roundDiffers = 0, floorDiffers = 0;
  double      firstRound = 0.0, firstFloor = 0.0;
  for (const double value : values)
  {
    if (itk::FastRounding::Round(value) != std::round(value) && roundDiffers++ == 0)
    {
      firstRound = value;
    }
    if (std::abs(value) < 4e18 && static_cast<double>(itk::FastRounding::Floor(value)) != std::floor(value) &&
        floorDiffers++ == 0)
    {
      firstFloor = value;
    }
  }
  INFO(std::setprecision(17) << "first value Round gets wrong: " << firstRound << "; Floor: " << firstFloor);
  CHECK(roundDiffers == 0);
  CHECK(floorDiffers == 0);
  CHECK(std::isnan(itk::FastRounding::Round(std::numeric_limits<double>::quiet_NaN())));
}
