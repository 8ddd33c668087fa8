# Embeds data files (scenarios/*.json, templates/*) into the binary at build time.
# adplan_embed(TARGET name NAMESPACE ns FILES f1 f2 ... BASE dir) generates a .cpp that defines
#   std::span<const adplan::EmbeddedFile> ns::files();
function(adplan_embed)
  cmake_parse_arguments(E "" "TARGET;BASE" "FILES" ${ARGN})
  set(out ${CMAKE_BINARY_DIR}/generated/${E_TARGET}.cpp)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DBASE=${E_BASE} -DNAME=${E_TARGET}
            "-DFILES=${E_FILES}" -P ${CMAKE_SOURCE_DIR}/cmake/embed_generate.cmake
    DEPENDS ${E_FILES} ${CMAKE_SOURCE_DIR}/cmake/embed_generate.cmake
    COMMENT "embedding ${E_TARGET}"
    VERBATIM)
  add_library(${E_TARGET} STATIC ${out})
  target_include_directories(${E_TARGET} PUBLIC ${CMAKE_SOURCE_DIR}/libplan)
endfunction()
