# Every global symbol the library defines, internal ones included, starts
# with td_: nothing the floors define can meet a name of the program or of
# another library. Run with -DNM=... -DARCHIVE=....
execute_process(COMMAND ${NM} -g --defined-only ${ARCHIVE} OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} failed on ${ARCHIVE}")
endif()
string(REGEX MATCHALL "[0-9a-f]+ [A-Z] [^\n]+" symbols "${out}")
list(LENGTH symbols n)
if(n LESS 100)
  message(FATAL_ERROR "only ${n} symbols read from ${ARCHIVE}: the check would prove nothing")
endif()
set(bad)
foreach(line ${symbols})
  string(REGEX REPLACE "^[0-9a-f]+ [A-Z] " "" name "${line}")
  # names starting with two underscores are the toolchain's (a sanitizer's
  # __odr_asan.td_x, coverage counters): C reserves them, so no source of
  # ours can define one
  if(NOT name MATCHES "^td_" AND NOT name MATCHES "^__")
    list(APPEND bad ${name})
  endif()
endforeach()
if(bad)
  message(FATAL_ERROR "global symbols without the td_ prefix: ${bad}")
endif()
message(STATUS "${n} global symbols, all td_*")
