/*
 * thidua.h — the whole public API of thidua: exact decimals, rulebooks,
 * cluster data and evaluation results. See docs/conventions.md for naming,
 * ownership and error rules, docs/scoring.md for the semantics.
 */
#ifndef THIDUA_H
#define THIDUA_H

#include "thidua/common.h"
#include "thidua/version.h"
#include "thidua/decimal.h"
#include "thidua/rulebook.h"
#include "thidua/cluster.h"
#include "thidua/result.h"
#include "thidua/expr.h"
#include "thidua/columns.h"
#include "thidua/features.h"
#if TD_HAVE_IO
#include "thidua/io.h"
#include "thidua/report.h"
#endif

#endif /* THIDUA_H */
