# One INTERFACE target carries the project's warning flags; every target of ours links it.
add_library(tent_warnings INTERFACE)
target_compile_options(tent_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wconversion -Wsign-conversion
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough
  # GCC 12 reports impossible overlaps inside std::string at -O2 (GCC bug 105651); clang has no such flag.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
option(TENT_WARNINGS_AS_ERRORS "Treat warnings as errors" OFF)
if(TENT_WARNINGS_AS_ERRORS)
  target_compile_options(tent_warnings INTERFACE -Werror)
endif()
