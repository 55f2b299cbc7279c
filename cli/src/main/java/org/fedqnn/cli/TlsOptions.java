package org.fedqnn.cli;

import java.nio.file.Path;
import org.fedqnn.server.security.CertsFolder;
import org.fedqnn.server.security.ServerSecurity;
import picocli.CommandLine.Option;

/**
 * How {@code fedqnn server} and {@code fedqnn run} secure the base station's listener: mutual
 * TLS from a {@code fedqnn certs} folder or from explicit files, or plaintext (loopback only,
 * unless {@code --insecure}). Parsed into a {@link ServerSecurity} once.
 */
final class TlsOptions {

    @Option(names = "--tls-dir", paramLabel = "DIR",
            description = "Mutual TLS with the folder fedqnn certs made: server.pem, server-key.pem, ca.pem, crl.pem.")
    Path tlsDir;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Mutual TLS: the server's certificate (PEM).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "Mutual TLS: the server's private key (PEM).")
    Path tlsKey;

    @Option(names = "--tls-ca", paramLabel = "FILE",
            description = "Mutual TLS: the run CA's certificate; device certificates must chain to it.")
    Path tlsCa;

    @Option(names = "--crl", paramLabel = "FILE",
            description = "Mutual TLS: the run's revocation list (default with --tls-dir: DIR/crl.pem); read again "
                    + "whenever it changes.")
    Path crl;

    @Option(names = "--insecure",
            description = "Allow plaintext on an address that is not loopback (recorded in the run folder).")
    boolean insecure;

    /** The listener's security as these options ask. */
    ServerSecurity security() {
        boolean files = tlsCert != null || tlsKey != null || tlsCa != null;
        if (insecure && (tlsDir != null || files || crl != null)) {
            throw new IllegalArgumentException("--insecure asks for plaintext; it cannot go with --tls-dir, "
                    + "--tls-cert, --tls-key, --tls-ca or --crl");
        }
        if (tlsDir != null && files) {
            throw new IllegalArgumentException("give either --tls-dir or --tls-cert, --tls-key and --tls-ca, not both");
        }
        if (tlsDir != null) {
            CertsFolder folder = new CertsFolder(tlsDir);
            ServerSecurity fromDir = ServerSecurity.mutualTls(folder);
            return crl == null ? fromDir : ServerSecurity.mutualTls(fromDir.certificate(), fromDir.privateKey(),
                    fromDir.ca(), crl);
        }
        if (files) {
            return ServerSecurity.mutualTls(tlsCert, tlsKey, tlsCa, crl);
        }
        if (crl != null) {
            throw new IllegalArgumentException("--crl needs mutual TLS (--tls-dir, or --tls-cert, --tls-key and "
                    + "--tls-ca)");
        }
        return insecure ? ServerSecurity.insecure() : ServerSecurity.plaintext();
    }
}
