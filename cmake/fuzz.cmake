# libFuzzer targets (deploy/fuzz.sh): clang only. Every library is built with coverage feedback for
# the fuzzer and with ASan + UBSan, so a memory error or undefined behaviour stops the run as a crash.
option(TENT_FUZZ "Build the libFuzzer targets in tests/fuzz (needs clang)" OFF)
if(TENT_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "TENT_FUZZ needs clang (e.g. CXX=clang++-14); this is ${CMAKE_CXX_COMPILER_ID}")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
