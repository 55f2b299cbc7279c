/**
 * Fetching the standard data set files over HTTP(S) for users with internet: each file goes to
 * a temporary file in the target folder, is checked against its known checksums, and only then
 * is moved into place atomically; archives are unpacked without letting an entry escape the
 * target folder. Nothing here runs unless a caller asks for a download.
 */
package org.fedqnn.datasets.download;
