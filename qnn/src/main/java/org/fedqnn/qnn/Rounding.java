package org.fedqnn.qnn;

/** How a value between two grid points is rounded to the fixed-point grid. */
public enum Rounding {
    /**
     * Eq. (4) of the Kim et al. paper: floor to the grid, then round up with probability
     * (w - floor(w)) / kappa. Unbiased inside the range (Lemma 1). The default.
     */
    STOCHASTIC,
    /** Round to the nearest grid point, halves up. Deterministic and biased; an option only. */
    NEAREST
}
