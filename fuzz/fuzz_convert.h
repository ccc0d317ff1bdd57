/*
 * What the data harnesses (dataset, xlsx) share: a dataset made into a
 * cluster without and with the rulebook, each call checked.
 */
#ifndef THIDUA_FUZZ_CONVERT_H
#define THIDUA_FUZZ_CONVERT_H

#include "thidua/thidua.h"

/*
 * td_dataset_to_cluster() without a rulebook, then with `rulebook`, each
 * failing as the error contract says and leaving *out alone when it fails;
 * data that passes the rulebook's checks must pass without them. rc[0] and
 * rc[1] receive the two statuses; returns the cluster made with the
 * rulebook (the caller frees it), or NULL.
 */
td_cluster *fuzz_convert(const td_dataset *d, const td_rulebook *rulebook, td_status rc[2]);

#endif
