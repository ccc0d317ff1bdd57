/* TD_NO_DEPRECATED_NAMES hides the names of 0.1.0. */
#define TD_NO_DEPRECATED_NAMES
#include <thidua/thidua.h>
#include <thidua/sys/origin.h>

#if defined(TD_ROUND_HALF_UP) || defined(TD_SOURCE_SELF) || defined(TD_STEP_CEIL) || defined(TD_LEADER_ROTATION) ||   \
    defined(TD_OWNER_RULE) || defined(TD_DOC_CSV) || defined(TD_REPORT_HTML)
#error "TD_NO_DEPRECATED_NAMES must hide the names of 0.1.0"
#endif

int no_deprecated_names_ok;
