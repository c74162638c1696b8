# chestct_add_catch_test(NAME SOURCES ... LIBRARIES ...)
#
# One Catch2 executable per module's test folder; every TEST_CASE becomes its
# own CTest test. A test case whose input data are absent prints a line with
# "CHESTCT-SKIP" and CTest reports it as skipped, visibly, rather than passed.
find_package(Catch2 REQUIRED)
include(Catch)

set(CHESTCT_DATA_ROOT "${PROJECT_SOURCE_DIR}/../shared/data" CACHE PATH
  "Folder of the real CT test series (chest/, odd/, masks/); tests needing it are skipped where it is absent")

# The X server for tests that render through VTK (VTK 9.1 here needs X even
# offscreen): chestct_add_catch_test(... X_DISPLAY) runs the executable under
# 'xvfb-run -a'. Without xvfb-run those tests find no DISPLAY and report
# themselves skipped.
find_program(CHESTCT_XVFB_RUN xvfb-run)

# chestct_add_catch_test(NAME [X_DISPLAY] SOURCES ... LIBRARIES ...)
function(chestct_add_catch_test _name)
  cmake_parse_arguments(_test "X_DISPLAY" "" "SOURCES;LIBRARIES" ${ARGN})
  add_executable(${_name} ${_test_SOURCES})
  target_link_libraries(${_name} PRIVATE ChestCTTestSupport ${_test_LIBRARIES} ChestCTCompileOptions)
  set(_lock "")
  if(_test_X_DISPLAY AND CHESTCT_XVFB_RUN)
    # Catch's discovery and every test run through this launcher. One X test
    # at a time: concurrent 'xvfb-run -a' calls can pick the same display.
    set_target_properties(${_name} PROPERTIES CROSSCOMPILING_EMULATOR "${CHESTCT_XVFB_RUN};-a")
    # Under the sanitizer run (Testing/run_sanitizer_tests.sh), no leak report
    # for these: Mesa's GL driver, loaded for rendering and unloaded at exit,
    # leaves 8 blocks of 56 bytes whose stacks LeakSanitizer cannot name (an
    # unloaded module), so no suppression can single them out. AddressSanitizer
    # and UndefinedBehaviorSanitizer stay on; other executables keep leak checks.
    set(_lock RESOURCE_LOCK chestct_xvfb ENVIRONMENT "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1")
  endif()
  catch_discover_tests(${_name}
    TEST_PREFIX "${_name} - "
    # A name CTest split (at a ';') runs no test case: make that fail, not pass.
    PROPERTIES SKIP_REGULAR_EXPRESSION "CHESTCT-SKIP" FAIL_REGULAR_EXPRESSION "No test cases matched" TIMEOUT 600
      ${_lock})
endfunction()
