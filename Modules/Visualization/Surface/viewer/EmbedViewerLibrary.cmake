# cmake -DINPUT=dist/chestct-viewer.js -DOUTPUT=chestctSurfaceViewerLibrary.cxx -P EmbedViewerLibrary.cmake
#
# Embeds the bundled viewer script in the library as one raw string literal,
# so that 'chestct surface --html' writes self-contained pages from the build
# tree and the install tree alike, with no data file to find at run time.
# Without INPUT the library says it has no viewer.
set(_delimiter "chestctjs") # at most 16 characters
set(_text "")
if(INPUT)
  file(READ "${INPUT}" _text)
  string(FIND "${_text}" ")${_delimiter}\"" _clash)
  if(NOT _clash EQUAL -1)
    message(FATAL_ERROR "${INPUT} contains the raw string delimiter ${_delimiter}: choose another one")
  endif()
endif()
file(WRITE "${OUTPUT}.tmp" "// Generated from ${INPUT} by EmbedViewerLibrary.cmake: do not edit.
#include \"chestctSurfaceViewerLibrary.h\"

namespace chestct
{
const char *
SurfaceViewerLibrary()
{
  return R\"${_delimiter}(${_text})${_delimiter}\";
}
} // namespace chestct
")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
