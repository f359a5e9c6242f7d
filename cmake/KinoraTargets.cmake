# Helpers that give every Kinora target the same flags.

set(KINORA_WARNINGS -Wall -Wextra -Wpedantic -Werror -Wno-missing-field-initializers)

# kinora_library(name SOURCES ... DEPS ...): one library per module.
function(kinora_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(kinora_${name} STATIC ${ARG_SOURCES})
  add_library(kinora::${name} ALIAS kinora_${name})
  target_include_directories(kinora_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(kinora_${name} PRIVATE ${KINORA_WARNINGS})
  target_link_libraries(kinora_${name} PUBLIC ${ARG_DEPS})
endfunction()

# Processes that render with Mesa's llvmpipe cannot be leak-checked: its
# JIT-compiled shaders allocate from code LeakSanitizer cannot attribute or
# suppress. Tests marked USES_GL (and the processes they start) therefore run
# with leak detection off; every other test keeps it.
set(KINORA_GL_TEST_ENV "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1")

# kinora_test(name LABELS ... SOURCES ... DEPS ... [USES_GL] [FIXTURES name]): one GoogleTest
# binary per module. FIXTURES names a CTest fixture every test of the binary requires, e.g.
# `postgres` (the throwaway PostgreSQL cluster of tests/CMakeLists.txt).
function(kinora_test name)
  cmake_parse_arguments(ARG "USES_GL" "TIMEOUT;FIXTURES" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${KINORA_WARNINGS})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    KINORA_SOURCE_DIR="${PROJECT_SOURCE_DIR}" KINORA_BINARY_DIR="${PROJECT_BINARY_DIR}")
  set(env "")
  if(ARG_USES_GL)
    set(env "${KINORA_GL_TEST_ENV}")
  endif()
  # ENVIRONMENT stays last: gtest_discover_tests drops an empty value, which
  # would shift the property names after it.
  if(ARG_FIXTURES)
    gtest_discover_tests(${name}
      PROPERTIES LABELS "${ARG_LABELS}" FIXTURES_REQUIRED "${ARG_FIXTURES}" ENVIRONMENT "${env}"
      DISCOVERY_TIMEOUT 60)
  else()
    gtest_discover_tests(${name}
      PROPERTIES LABELS "${ARG_LABELS}" ENVIRONMENT "${env}"
      DISCOVERY_TIMEOUT 60)
  endif()
endfunction()
