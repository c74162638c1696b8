# Plain-CMake meanings for ITK's module macros, for the standalone build.
#
# Inside ITK's source tree (Modules/Remote/ChestCT) ITK's own
# ITKModuleMacros.cmake defines itk_module(), itk_module_impl() and
# itk_module_add_library(), and this file is never included. An installed ITK
# ships no such macros, so the standalone build defines them here with the same
# signatures; every module's itk-module.cmake and CMakeLists.txt then reads the
# same in both builds, and each module's dependencies are written only once.
#
# ChestCT module X becomes library target X (EXPORT_NAME without the "ChestCT"
# prefix, so consumers write ChestCT::DICOM), linked to the ChestCT modules and
# ITK modules it DEPENDS on.

set(ChestCT_LIBRARY_MODULES "")

# itk_module(NAME DEPENDS ... TEST_DEPENDS ... DESCRIPTION ...) records the
# declaration; chestct_add_module() acts on it.
macro(itk_module _name)
  cmake_parse_arguments(_chestct_mod "EXCLUDE_FROM_DEFAULT;ENABLE_SHARED" "DESCRIPTION"
    "DEPENDS;PRIVATE_DEPENDS;COMPILE_DEPENDS;TEST_DEPENDS;FACTORY_NAMES" ${ARGN})
  set(ChestCT_CURRENT_MODULE ${_name})
  set(${_name}_DEPENDS ${_chestct_mod_DEPENDS})
  set(${_name}_PRIVATE_DEPENDS ${_chestct_mod_PRIVATE_DEPENDS} ${_chestct_mod_COMPILE_DEPENDS})
  set(${_name}_TEST_DEPENDS ${_chestct_mod_TEST_DEPENDS})
  set(${_name}_DESCRIPTION "${_chestct_mod_DESCRIPTION}")
endmacro()

# Library targets for a module's dependency list: ChestCT modules by target
# name, ITK modules through the <Module>_LIBRARIES that find_package(ITK) set.
function(_chestct_dependency_targets _out)
  set(_targets "")
  foreach(_dep IN LISTS ARGN)
    if(TARGET ${_dep})
      list(APPEND _targets ${_dep})
    elseif(DEFINED ${_dep}_LIBRARIES)
      list(APPEND _targets ${${_dep}_LIBRARIES})
    elseif(_dep MATCHES "^ITK")
      message(FATAL_ERROR "ChestCT needs ITK module ${_dep}: add it to ChestCT_ITK_COMPONENTS")
    else()
      message(FATAL_ERROR "Unknown module dependency ${_dep}: list its folder before its users")
    endif()
  endforeach()
  set(${_out} ${_targets} PARENT_SCOPE)
endfunction()

# itk_module_add_library(NAME SOURCES...): the module's compiled library.
function(itk_module_add_library _name)
  add_library(${_name} ${ARGN})
  set_target_properties(${_name} PROPERTIES VERSION ${ChestCT_VERSION} SOVERSION ${ChestCT_VERSION_MAJOR}.${ChestCT_VERSION_MINOR})
endfunction()

# itk_module_impl(): called by a module's CMakeLists.txt after project(NAME).
macro(itk_module_impl)
  set(_module ${ChestCT_CURRENT_MODULE})
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/src/CMakeLists.txt)
    add_subdirectory(src)
    set(_scope PUBLIC)
  else()
    add_library(${_module} INTERFACE) # header-only module
    set(_scope INTERFACE)
  endif()
  string(REGEX REPLACE "^ChestCT" "" _export_name ${_module})
  set_target_properties(${_module} PROPERTIES EXPORT_NAME ${_export_name})
  add_library(ChestCT::${_export_name} ALIAS ${_module})
  target_include_directories(${_module} ${_scope}
    $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/ChestCT>)
  _chestct_dependency_targets(_public ${${_module}_DEPENDS})
  _chestct_dependency_targets(_private ${${_module}_PRIVATE_DEPENDS})
  target_link_libraries(${_module} ${_scope} ${_public})
  if(_private AND _scope STREQUAL "PUBLIC")
    target_link_libraries(${_module} PRIVATE ${_private})
  endif()
  if(_scope STREQUAL "PUBLIC")
    target_link_libraries(${_module} PRIVATE $<BUILD_INTERFACE:ChestCTCompileOptions>)
  endif()
  install(TARGETS ${_module} EXPORT ChestCTTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/include)
    install(DIRECTORY include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/ChestCT FILES_MATCHING PATTERN "*.h" PATTERN "*.hxx")
  endif()
  list(APPEND ChestCT_LIBRARY_MODULES ${_module})
  set(ChestCT_LIBRARY_MODULES ${ChestCT_LIBRARY_MODULES} PARENT_SCOPE)
  if(BUILD_TESTING AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/test/CMakeLists.txt)
    add_subdirectory(test)
  endif()
endmacro()

# chestct_add_module(DIR): read DIR/itk-module.cmake, then build DIR.
macro(chestct_add_module _dir)
  include(${PROJECT_SOURCE_DIR}/${_dir}/itk-module.cmake)
  add_subdirectory(${_dir})
endmacro()
