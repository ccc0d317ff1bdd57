#include "thidua/common.h"
#include "thidua/version.h"

const char *td_version(void)
{
    return TD_VERSION;
}

int td_version_number(void)
{
    return TD_VERSION_NUMBER;
}
