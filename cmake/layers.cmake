# Layers the build enforces. Each component's library gets an include root of its own, in the build
# tree, holding one link named after the component (build/include/core/core -> server/core), so
# `#include "core/line.hpp"` resolves only for a target that links tent_core (directly or through
# a PUBLIC dependency). An include that reaches a layer the target does not link fails with
# "No such file or directory"; tests/layers checks that it does.
function(tent_include_root target component)
  set(root ${CMAKE_BINARY_DIR}/include/${component})
  file(MAKE_DIRECTORY ${root})
  file(CREATE_LINK ${CMAKE_SOURCE_DIR}/server/${component} ${root}/${component} SYMBOLIC)
  target_include_directories(${target} PUBLIC ${root})
endfunction()
