/* Includes one header with the include folders of one floor of lib/
 * (tests/floors/CMakeLists.txt): compiles only when the header is on that
 * floor or below it. */
#include PROBE_HEADER

int probe(void);
int probe(void)
{
    return 0;
}
