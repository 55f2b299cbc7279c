/**
 * Identity and transport security of a run: the run CA and its certificates ({@code fedqnn certs}),
 * the base station's trust in device certificates (chain, validity, revocation), and the device
 * identity each call carries over mutual TLS. See docs/tls-and-identity.md.
 */
package org.fedqnn.server.security;
