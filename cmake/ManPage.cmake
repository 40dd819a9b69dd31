# cmake -DHELP2MAN= -DPROGRAM= -DVERSION= -DNAME= -DOUTPUT= [-DSUBCOMMANDS=ON] [-DSEE_ALSO=] -P ManPage.cmake
# Writes OUTPUT (a gzipped man page) from PROGRAM's --help with help2man (the version is given: the
# page should not change with each commit, which --version names). With
# SUBCOMMANDS, every command listed under "commands:" in --help gets a section with its own --help.
cmake_minimum_required(VERSION 3.24)
get_filename_component(work ${OUTPUT} DIRECTORY)
get_filename_component(page ${OUTPUT} NAME_WLE)  # embedscope-cli.1
set(include ${work}/${page}.h2m)

# roff: a backslash is \e, and a line starting with . or ' would be read as a request.
function(roff_escape text out)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

set(extra "")
if(SUBCOMMANDS)
  execute_process(COMMAND ${PROGRAM} --help OUTPUT_VARIABLE usage RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${PROGRAM} --help failed (${status})")
  endif()
  string(REGEX REPLACE ".*\ncommands:\n" "" listing "${usage}")
  string(REGEX REPLACE "\n\n.*" "" listing "${listing}")
  string(REGEX MATCHALL "(^|\n)  [a-z][a-z0-9-]*" names "${listing}")
  set(extra "[COMMANDS]\n")
  foreach(name ${names})
    string(STRIP "${name}" name)
    execute_process(COMMAND ${PROGRAM} ${name} --help OUTPUT_VARIABLE help RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
      message(FATAL_ERROR "${PROGRAM} ${name} --help failed (${status})")
    endif()
    roff_escape("${help}" help)
    string(APPEND extra ".SS ${name}\n.nf\n${help}.fi\n")
  endforeach()
endif()
if(SEE_ALSO)
  string(APPEND extra "[SEE ALSO]\n${SEE_ALSO}\n")
endif()
file(WRITE ${include} "${extra}")

execute_process(COMMAND ${HELP2MAN} --no-info --no-discard-stderr --section=1 "--name=${NAME}" "--version-string=${VERSION}"
                        --include=${include} --output=${work}/${page} ${PROGRAM}
                RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "help2man failed for ${PROGRAM} (${status})")
endif()
# -n: no name or time stamp inside, so the same input gives the same bytes.
execute_process(COMMAND gzip -9nf ${work}/${page} RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "gzip failed for ${page}")
endif()
