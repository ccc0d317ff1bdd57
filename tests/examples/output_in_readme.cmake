# Runs EXE (with ARGS, a ;-list) and checks that it exits with RC (default
# 0) and that its whole output appears, as printed, in README: the output a
# README shows is the program's real output.
if(NOT DEFINED RC)
  set(RC 0)
endif()
execute_process(COMMAND ${EXE} ${ARGS} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL RC)
  message(FATAL_ERROR "${EXE} exited with ${rc}, expected ${RC}: ${err}")
endif()
file(READ ${README} readme)
string(STRIP "${out}" out)
string(FIND "${readme}" "${out}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the output of ${EXE} is not shown in ${README}:\n${out}")
endif()
