# Runs the install-tree consumer test (see ../CMakeLists.txt); fails on the first step that fails.
file(REMOVE_RECURSE ${SCRATCH_DIR})
set(prefix ${SCRATCH_DIR}/install)

function(run_step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${what} failed (${status}):\n${out}\n${err}")
  endif()
  message(STATUS "${what}: ok")
endfunction()

run_step("install ChestCT" ${CMAKE_COMMAND} --install ${CHESTCT_BUILD_DIR} --prefix ${prefix})
if(NOT EXISTS ${prefix}/lib/cmake/ChestCT/ChestCTConfig.cmake AND NOT EXISTS ${prefix}/lib64/cmake/ChestCT/ChestCTConfig.cmake)
  message(FATAL_ERROR "the install tree has no ChestCTConfig.cmake")
endif()
# The same compiler and linker flags as ChestCT's build: static libraries built
# with sanitizers, say, need them in whatever links them.
run_step("configure the consumer" ${CMAKE_COMMAND} -S ${CONSUMER_SOURCE_DIR} -B ${SCRATCH_DIR}/build
  -G ${CMAKE_GENERATOR} -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release
  "-DCMAKE_CXX_FLAGS=${CONSUMER_CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${CONSUMER_LINKER_FLAGS}")
run_step("build the consumer" ${CMAKE_COMMAND} --build ${SCRATCH_DIR}/build)
file(MAKE_DIRECTORY ${SCRATCH_DIR}/run)
run_step("run the consumer" ${SCRATCH_DIR}/build/consumer ${SCRATCH_DIR}/run)
# The installed command starts the installed program (the launcher finds chestct-real beside itself).
run_step("run the installed chestct" ${prefix}/bin/chestct --version)
