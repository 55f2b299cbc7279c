/**
 * The catalogue of known data sets ({@code mnist}, {@code fashion-mnist}, {@code cifar10}),
 * where to find their files on disk, and loading them into a
 * {@link org.fedqnn.datasets.Dataset}.
 */
package org.fedqnn.datasets.catalog;
