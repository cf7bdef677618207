# Installation of Dynamir's libraries into the DynamirTargets export set, so
# that `find_package(Dynamir)` gives other CMake projects imported targets
# (their MLIR dependencies are found through find_package(MLIR)).

# Installs library `name` (made with DISABLE_INSTALL) into DynamirTargets.
function(dynamir_install_library name)
  target_include_directories(${name} INTERFACE $<INSTALL_INTERFACE:include>)
  install(TARGETS ${name}
    EXPORT DynamirTargets
    ARCHIVE DESTINATION lib${LLVM_LIBDIR_SUFFIX}
    LIBRARY DESTINATION lib${LLVM_LIBDIR_SUFFIX})
  set_property(GLOBAL APPEND PROPERTY DYNAMIR_INSTALLED_LIBRARIES ${name})
endfunction()
