/*
 * Internal: telling a cluster where its members were declared, so that
 * evaluation reports a member's missing data (a target, an actual result,
 * manual points) at the member's entry in the data file. The io layer calls
 * this when it makes a cluster of a dataset. Not installed, not exported.
 *
 * A cluster built through the public API alone has no origins: such errors
 * keep no file and no position, as before.
 */
#ifndef THIDUA_LIB_CLUSTER_ORIGIN_H
#define THIDUA_LIB_CLUSTER_ORIGIN_H

#include "error.h"
#include "thidua/cluster.h"

/*
 * Records that member `unit_id` was declared in `file` (copied) at `line`
 * and `column` (1-based; 0 when not known). Errors: TD_EINVAL (NULL cluster
 * or file, invalid id), TD_ENOTFOUND (not a member), TD_ENOMEM.
 */
td_status td_cluster_set_member_origin(td_cluster *c, const char *unit_id, const char *file,
                                       unsigned int line, unsigned int column, td_error *err);

/*
 * Sets `err` to `code` and the formatted message, at the origin of member
 * `m` (an index in the cluster's member order) when it has one, else with
 * no position. Returns `code`.
 */
td_status td_cluster_member_error(const td_cluster *c, size_t m, td_error *err, td_status code,
                                  const char *fmt, ...) TD_PRINTF(5, 6);

#endif
