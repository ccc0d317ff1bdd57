# Writes the first ```c block of README to OUT, so that the C example the
# README shows is compiled and run by the tests exactly as printed.
file(READ ${README} text)
string(FIND "${text}" "```c\n" start)
if(start EQUAL -1)
  message(FATAL_ERROR "${README} has no ```c block")
endif()
math(EXPR start "${start} + 5")
string(SUBSTRING "${text}" ${start} -1 rest)
string(FIND "${rest}" "```" end)
string(SUBSTRING "${rest}" 0 ${end} code)
file(WRITE ${OUT}.new "${code}")
# rewrite only on change, so that the build does not redo it each time
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.new ${OUT})
