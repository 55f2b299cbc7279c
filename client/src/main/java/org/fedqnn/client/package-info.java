/**
 * The device: session with the base station, local QNN training and delta upload.
 * Filled by the federation issue; this module holds its place in the build.
 */
package org.fedqnn.client;
