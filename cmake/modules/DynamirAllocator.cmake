# An import or a pass pipeline allocates and frees millions of small objects
# (operations, operand storage, uniquer tables) and frees them again when the
# module and its context go away. glibc's malloc spends about a sixth of a
# stdlib import in its free lists and in malloc_consolidate; mimalloc does the
# same work in a fraction of that time (utils/bench/import-bench.py shows the
# difference). Only executables are linked with it: a plugin uses the
# allocator of the process that loads it.

option(DYNAMIR_USE_MIMALLOC
  "Link Dynamir's executables with mimalloc instead of the C library's malloc" ON)

if(DYNAMIR_USE_MIMALLOC)
  find_package(mimalloc CONFIG QUIET)
  if(NOT TARGET mimalloc)
    message(FATAL_ERROR "DYNAMIR_USE_MIMALLOC is ON but mimalloc was not found: "
      "install Debian's libmimalloc-dev, or configure with -DDYNAMIR_USE_MIMALLOC=OFF")
  endif()
  message(STATUS "Linking executables with mimalloc ${mimalloc_VERSION}")
endif()

# Makes `target` allocate with mimalloc. The tools never call mimalloc by name:
# its shared library replaces malloc because it comes before the C library in
# the search order, so it must survive --as-needed.
function(dynamir_link_allocator target)
  if(NOT DYNAMIR_USE_MIMALLOC)
    return()
  endif()
  target_link_libraries(${target} PRIVATE
    -Wl,--push-state,--no-as-needed mimalloc -Wl,--pop-state)
  target_compile_definitions(${target} PRIVATE DYNAMIR_USE_MIMALLOC)
endfunction()
