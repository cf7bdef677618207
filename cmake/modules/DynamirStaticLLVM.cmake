# Debian builds MLIR's static libraries against the LLVM shared library
# (LLVM_LINK_LLVM_DYLIB): every MLIR target links `LLVM`, i.e. libLLVM.so. Its
# load-time relocations and static initializers cost a tool tens of
# milliseconds at each start, most of its run time on a small input. With
# DYNAMIR_LINK_LLVM_STATIC, Dynamir's executables link LLVM's static component
# libraries instead: the imported MLIR targets' `LLVM` dependency is redirected
# to an interface target that names the components MLIR needs. Loadable
# plugins are not affected: they use the LLVM of the process that loads them.

# A macro: it also turns off LLVM_LINK_LLVM_DYLIB in the caller's scope, so
# that AddLLVM links Dynamir's own targets with static components too.
macro(dynamir_link_llvm_statically)
  set(LLVM_LINK_LLVM_DYLIB OFF)
  if(TARGET LLVM)
    dynamir_redirect_llvm_dylib()
  endif()
endmacro()

function(dynamir_redirect_llvm_dylib)
  llvm_map_components_to_libnames(static_libs
    Support Demangle Core BinaryFormat Remarks BitstreamReader TargetParser
    FrontendOpenMP FrontendOffloading AsmParser BitReader BitWriter IRReader
    TransformUtils Analysis ProfileData Object MC MCParser TextAPI Linker
    Passes IPO)
  add_library(DynamirLLVMStatic INTERFACE)
  target_link_libraries(DynamirLLVMStatic INTERFACE ${static_libs})
  target_link_options(DynamirLLVMStatic INTERFACE -Wl,--as-needed)

  get_property(imported DIRECTORY ${PROJECT_SOURCE_DIR} PROPERTY IMPORTED_TARGETS)
  foreach(target IN LISTS imported)
    if(NOT target MATCHES "^MLIR")
      continue()
    endif()
    get_target_property(deps ${target} INTERFACE_LINK_LIBRARIES)
    if(NOT deps)
      continue()
    endif()
    list(FIND deps LLVM index)
    if(index EQUAL -1)
      continue()
    endif()
    list(TRANSFORM deps REPLACE "^LLVM$" DynamirLLVMStatic)
    set_target_properties(${target} PROPERTIES INTERFACE_LINK_LIBRARIES "${deps}")
  endforeach()
endfunction()
