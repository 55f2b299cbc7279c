/**
 * Layer-wise bit allocation (FedLQ, design section 7): which width b_l each quantizable layer
 * of one device's delta is sent at, so that the uplink bits sum_l d_l b_l stay within the
 * device's budget for the round and the significance-weighted distortion sum_l D_l(b_l) is
 * as small as the allocator can make it.
 *
 * <p>The tables D_l(b) come from {@link org.fedqnn.qnn.alloc.AnalyticSignificance} (Lemma 1
 * variance weighted by update energy) or {@link org.fedqnn.qnn.alloc.MeasuredSignificance}
 * (loss increase on held-out data); the allocators implement
 * {@link org.fedqnn.qnn.alloc.BitAllocator}. Plain Java, no ND4J. Only FedLQ's abstract is
 * public: the formulas and algorithms here are this project's, see {@code docs/layerwise.md}.
 */
package org.fedqnn.qnn.alloc;
