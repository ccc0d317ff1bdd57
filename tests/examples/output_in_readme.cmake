# Runs EXE and checks that its whole output appears, as printed, in README:
# the output a README shows is the program's real output.
execute_process(COMMAND ${EXE} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${EXE} exited with ${rc}: ${err}")
endif()
file(READ ${README} readme)
string(STRIP "${out}" out)
string(FIND "${readme}" "${out}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the output of ${EXE} is not shown in ${README}:\n${out}")
endif()
