#include "chestctReturnFreedMemory.h"

#include <cstdlib> // defines __GLIBC__ with glibc, which the test below needs

#if defined(__GLIBC__)
#  include <malloc.h>
#endif

namespace chestct
{

void
ReturnFreedMemoryToTheSystem()
{
#if defined(__GLIBC__)
  malloc_trim(0); // releases every whole free page of the heap, not only its top
#endif
}

} // namespace chestct
