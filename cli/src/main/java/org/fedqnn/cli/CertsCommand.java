package org.fedqnn.cli;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.fedqnn.server.security.CertsFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fedqnn certs}: the run CA, the base station's certificate and one certificate per device
 * in a folder ({@link CertsFolder}, docs/tls-and-identity.md); {@code fedqnn certs revoke} puts a
 * device's certificate on the revocation list the server reads. Keys come from the system's
 * secure random source, never from a seed.
 */
@Command(name = "certs", mixinStandardHelpOptions = true, subcommands = CertsCommand.Revoke.class,
        description = "Makes what a run over mutual TLS needs in --out DIR: the run CA (ca.pem, ca-key.pem), its "
                + "revocation list (crl.pem), the server's certificate (server.pem, server-key.pem) and one "
                + "certificate per device (devices/NAME.pem, devices/NAME-key.pem). Keys are EC P-256, 0600. "
                + "Run again on the same folder to add devices; the CA is kept.")
final class CertsCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "The certificates folder (made if missing).")
    Path out;

    @Option(names = "--devices", split = ",", paramLabel = "NAME",
            description = "Device names to certify, comma-separated: 1..64 of A-Z a-z 0-9 . _ - each.")
    List<String> devices = List.of();

    @Option(names = "--server-host", paramLabel = "NAME_OR_IP",
            description = "A host name or address devices reach the server by; repeatable. Given, the server's "
                    + "certificate is made again for these; default for a new folder: 127.0.0.1 and localhost.")
    List<String> serverHosts = List.of();

    @Option(names = "--days", defaultValue = "365",
            description = "Validity of new certificates in days (default ${DEFAULT-VALUE}); a new CA's too.")
    int days;

    @Override
    public Integer call() throws Exception {
        if (out == null) {
            throw new IllegalArgumentException("fedqnn certs needs --out DIR");
        }
        PrintWriter console = spec.commandLine().getOut();
        CertsFolder folder = new CertsFolder(out);
        CertsFolder.Made made = folder.make(devices, serverHosts, days, new SecureRandom(), Instant.now());
        console.println("certs       " + out.toAbsolutePath());
        console.println("run CA      " + (made.newAuthority() ? "made " : "kept ") + folder.ca() + " (key "
                + folder.caKey() + ", keep it off the server); revocation list " + folder.crl());
        console.println("server      " + (made.newServer() ? "made " : "kept ") + folder.serverCertificate());
        console.println("devices     " + (made.devices().isEmpty() ? "none new" : "made " + made.devices())
                + "; all: " + folder.devices());
        console.println("use         fedqnn server --tls-dir " + out + " ...; fedqnn device --tls-dir " + out
                + " --name NAME ...");
        console.flush();
        return 0;
    }

    /** {@code fedqnn certs revoke}: a device's certificate onto the run's revocation list. */
    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revokes a device's certificate: its serial joins DIR/crl.pem (signed by the run CA, which "
                    + "a running server reads again), the certificate moves to DIR/revoked/ and its key is deleted.")
    static final class Revoke implements Callable<Integer> {

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The certificates folder.")
        Path out;

        @Parameters(paramLabel = "NAME", arity = "1..*", description = "The devices to revoke.")
        List<String> names;

        @Override
        public Integer call() throws Exception {
            PrintWriter console = spec.commandLine().getOut();
            CertsFolder folder = new CertsFolder(out);
            for (String name : names) {
                BigInteger serial = folder.revoke(name, new SecureRandom(), Instant.now());
                console.println("revoked     " + name + " (serial " + serial.toString(16) + ") in " + folder.crl());
            }
            console.flush();
            return 0;
        }
    }
}
