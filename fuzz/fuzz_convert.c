/* The conversion the data harnesses share (fuzz_convert.h). */
#include "fuzz_convert.h"

#include "fuzz_check.h"

td_cluster *fuzz_convert(const td_dataset *d, const td_rulebook *rulebook, td_status rc[2])
{
    td_error err;
    td_cluster *plain = (td_cluster *)&err;
    rc[0] = td_dataset_to_cluster(&plain, d, NULL, &err);
    fuzz_check_status(rc[0], &err, "td_dataset_to_cluster (no rulebook)");
    if (rc[0] != TD_OK && plain != (td_cluster *)&err)
        fuzz_fail("a failed td_dataset_to_cluster wrote *out");
    if (rc[0] == TD_OK)
        td_cluster_free(plain);
    td_cluster *checked = (td_cluster *)&err;
    rc[1] = td_dataset_to_cluster(&checked, d, rulebook, &err);
    fuzz_check_status(rc[1], &err, "td_dataset_to_cluster (rulebook)");
    if (rc[1] != TD_OK && checked != (td_cluster *)&err)
        fuzz_fail("a failed td_dataset_to_cluster wrote *out");
    if (rc[1] == TD_OK && rc[0] != TD_OK)
        fuzz_fail("the data passes the rulebook's check but fails without it (%d)", (int)rc[0]);
    return rc[1] == TD_OK ? checked : NULL;
}
