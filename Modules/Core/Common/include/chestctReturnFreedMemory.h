#ifndef chestctReturnFreedMemory_h
#define chestctReturnFreedMemory_h

namespace chestct
{

/** Hands the memory of freed buffers back to the system now, where the C library would keep it.
 *
 * glibc maps a large allocation apart only until the first such block is freed; it then raises that
 * threshold (up to 32 MB), so the working images of a few MB that follow come from the heap, and their pages
 * stay with the process after they are freed. Within a step that frees several images before it allocates
 * a large one, those pages would count twice at the peak. Called at such points; elsewhere the heap's reuse
 * of freed pages is what keeps allocation cheap, which is why this is not done after every free.
 * Does nothing with a C library other than glibc. \ingroup ChestCTCommon */
void
ReturnFreedMemoryToTheSystem();

} // namespace chestct

#endif
