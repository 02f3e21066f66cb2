# ASan + UBSan for the dev preset (cmake --preset dev): catches lifetime bugs in the async code.
option(TENT_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(TENT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# ThreadSanitizer for the tsan preset (cmake --preset tsan): the sockets run on several threads, the
# tent on one; this checks that only what is meant to be shared is, and under a lock or an atomic.
option(TENT_TSAN "Build with ThreadSanitizer" OFF)
if(TENT_TSAN)
  if(TENT_SANITIZE)
    message(FATAL_ERROR "TENT_TSAN and TENT_SANITIZE cannot be combined")
  endif()
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()
