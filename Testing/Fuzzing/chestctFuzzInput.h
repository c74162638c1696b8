#ifndef chestctFuzzInput_h
#define chestctFuzzInput_h

#include <cstdint>
#include <string>
#include <vector>

namespace chestct::fuzzing
{
/** One fuzzer input holds up to MaximumFiles files, joined by Separator, so
 * that grouping and slice geometry are exercised, not only one header. */
constexpr std::size_t    MaximumFiles = 4;
extern const std::string Separator;

std::vector<std::string>
SplitInput(const std::uint8_t * data, std::size_t size);

std::string
JoinFiles(const std::vector<std::string> & files);
} // namespace chestct::fuzzing

#endif
