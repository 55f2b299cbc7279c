package org.fedqnn.datasets.io;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The content of one IDX3 image file: {@code count} greyscale images of {@code rows x cols}
 * unsigned bytes, row-major, and the SHA-256 of the file as it is on disk.
 *
 * <p>The pixel array is taken over, not copied; treat it as read-only. Under that rule an
 * instance is immutable and thread-safe.
 *
 * @param file the file read
 * @param count number of images
 * @param rows rows per image
 * @param cols columns per image
 * @param pixels {@code count * rows * cols} bytes
 * @param sha256 lower-case hex SHA-256 of the file's bytes
 */
public record IdxImages(Path file, int count, int rows, int cols, byte[] pixels, String sha256) {

    public IdxImages {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(sha256, "sha256");
        long expected = Math.multiplyExact(Math.multiplyExact((long) count, rows), cols);
        if (count < 1 || rows < 1 || cols < 1 || pixels.length != expected) {
            throw new IllegalArgumentException("pixels.length: expected count*rows*cols = "
                    + count + "*" + rows + "*" + cols + ", actual " + pixels.length);
        }
    }

    @Override
    public String toString() {
        return "IdxImages[" + file + ": " + count + " x " + rows + "x" + cols + "]";
    }
}
