/**
 * The base station: device registry, round coordinator, FedAvg (eq. (8)), energy ledger and reports.
 * Filled by the federation issue; this module holds its place in the build.
 */
package org.fedqnn.server;
