# Helpers shared by every target: one place for warnings and sanitizers.

function(iop_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic
    -Wshadow -Wno-unused-parameter
    $<$<COMPILE_LANGUAGE:C>:-Wstrict-prototypes -Wmissing-prototypes>)
  if(IOPREPORT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(IOPREPORT_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined
      -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
    # free even what the process is about to lose at its exit, so that the
    # leak check sees every allocation's end (src/cli/build.h)
    target_compile_definitions(${target} PRIVATE IOP_FREE_AT_EXIT=1)
  endif()
endfunction()

# iop_layer(NAME DIR DEPS...): a static library from every .c file in DIR.
# Layers (iop_*) are PUBLIC dependencies: a layer's public header includes
# the headers of the layers below it.  Everything else (pkg-config targets,
# libm...) is PRIVATE: the layer links it, but its include paths do not
# reach the layers above, so a layer cannot even compile against a library
# it does not link itself.  CMake still links a static library's PRIVATE
# dependencies into the program ($<LINK_ONLY:...>).  No public header may
# include a third-party header (document.h only forward-declares xmlDoc).
# The third-party list is kept in the IOP_THIRD_PARTY property for the
# white-box unit tests, which include the layer's internal headers.
# A layer with no sources yet is skipped, so the tree builds while it grows.
function(iop_layer name dir)
  set(layers "")
  set(third_party "")
  foreach(dep ${ARGN})
    if(dep MATCHES "^iop_")
      list(APPEND layers ${dep})
    else()
      list(APPEND third_party ${dep})
    endif()
  endforeach()
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/${dir}/*.c)
  if(NOT srcs)
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE ${CMAKE_SOURCE_DIR}/include)
    target_link_libraries(${name} INTERFACE ${layers})
    return()
  endif()
  add_library(${name} STATIC ${srcs})
  target_include_directories(${name} PUBLIC ${CMAKE_SOURCE_DIR}/include
    PRIVATE ${CMAKE_SOURCE_DIR}/${dir} ${CMAKE_BINARY_DIR}/generated)
  target_link_libraries(${name} PUBLIC ${layers} PRIVATE ${third_party})
  set_target_properties(${name} PROPERTIES IOP_THIRD_PARTY "${third_party}")
  target_compile_definitions(${name} PRIVATE
    IOP_SOURCE_DIR="${CMAKE_SOURCE_DIR}" IOP_DATADIR="${IOP_DATADIR}")
  iop_warnings(${name})
endfunction()

# iop_embed(OUT_C SYMBOL FILE): compile a file's bytes into the binary, so
# the schema and built-in templates work from any directory.
function(iop_embed out symbol file)
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DIN=${file} -DOUT=${out} -DSYMBOL=${symbol}
            -P ${CMAKE_SOURCE_DIR}/cmake/embed.cmake
    DEPENDS ${file} ${CMAKE_SOURCE_DIR}/cmake/embed.cmake VERBATIM)
endfunction()
