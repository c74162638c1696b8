# chestct_add_catch_test(NAME SOURCES ... LIBRARIES ...)
#
# One Catch2 executable per module's test folder; every TEST_CASE becomes its
# own CTest test. A test case whose input data are absent prints a line with
# "CHESTCT-SKIP" and CTest reports it as skipped, visibly, rather than passed.
find_package(Catch2 REQUIRED)
include(Catch)

set(CHESTCT_DATA_ROOT "${PROJECT_SOURCE_DIR}/../shared/data" CACHE PATH
  "Folder of the real CT test series (chest/, odd/, masks/); tests needing it are skipped where it is absent")

# chestct_add_catch_test(NAME SOURCES ... LIBRARIES ...)
function(chestct_add_catch_test _name)
  cmake_parse_arguments(_test "" "" "SOURCES;LIBRARIES" ${ARGN})
  add_executable(${_name} ${_test_SOURCES})
  target_link_libraries(${_name} PRIVATE ChestCTTestSupport ${_test_LIBRARIES} ChestCTCompileOptions)
  catch_discover_tests(${_name}
    TEST_PREFIX "${_name} - "
    # A name CTest split (at a ';') runs no test case: make that fail, not pass.
    PROPERTIES SKIP_REGULAR_EXPRESSION "CHESTCT-SKIP" FAIL_REGULAR_EXPRESSION "No test cases matched" TIMEOUT 600)
endfunction()
