/*
 * Internal: the general paths of decimal arithmetic (decimal.c), exact for
 * every value. The public td_decimal_* functions take a fast path for
 * 64-bit coefficients and fall back on these; they are exported only to
 * the tests, which check that both paths give identical results. Not
 * installed.
 */
#ifndef THIDUA_LIB_DECIMAL_PATHS_H
#define THIDUA_LIB_DECIMAL_PATHS_H

#include <stdbool.h>

#include "thidua/decimal.h"

/* a + b, or a - b when `subtract`. */
td_status td_decimal__add_general(td_decimal *out, td_decimal a, td_decimal b, bool subtract,
                                  td_error *err);
td_status td_decimal__mul_general(td_decimal *out, td_decimal a, td_decimal b, td_error *err);
td_status td_decimal__div_general(td_decimal *out, td_decimal a, td_decimal b, int places,
                                  td_rounding mode, td_error *err);
int td_decimal__cmp_general(td_decimal a, td_decimal b);

#endif
