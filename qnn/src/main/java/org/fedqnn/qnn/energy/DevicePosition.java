package org.fedqnn.qnn.energy;

import org.fedqnn.qnn.Checks;

/**
 * Where a device stands, in metres east ({@code x}) and north ({@code y}) of the base station
 * at the centre of the cell. Immutable and thread-safe.
 *
 * @param xMetres finite
 * @param yMetres finite
 */
public record DevicePosition(double xMetres, double yMetres) {

    public DevicePosition {
        Checks.finite("DevicePosition.xMetres", xMetres);
        Checks.finite("DevicePosition.yMetres", yMetres);
    }

    /** The distance to the base station in metres. */
    public double distanceMetres() {
        return Math.hypot(xMetres, yMetres);
    }
}
