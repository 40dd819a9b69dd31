# cmake -DSOURCE_DIR= -DVERSION= -DTEMPLATE= -DOUTPUT= -P WriteBuildCommit.cmake
# Writes OUTPUT from TEMPLATE with the checked-out commit; "unknown" outside a Git work tree.
set(EMBEDSCOPE_COMMIT unknown)
find_package(Git QUIET)
if(GIT_FOUND)
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --short=12 HEAD WORKING_DIRECTORY ${SOURCE_DIR}
                  OUTPUT_VARIABLE commit RESULT_VARIABLE status OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(status EQUAL 0 AND commit MATCHES "^[0-9a-f]+$")
    set(EMBEDSCOPE_COMMIT ${commit})
  endif()
endif()
set(EMBEDSCOPE_VERSION ${VERSION})
configure_file(${TEMPLATE} ${OUTPUT} @ONLY)  # leaves the file (and its time stamp) alone when unchanged
