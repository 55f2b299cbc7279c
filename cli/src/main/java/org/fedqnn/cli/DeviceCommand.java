package org.fedqnn.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.fedqnn.client.DeviceCredentials;
import org.fedqnn.client.DeviceHost;
import org.fedqnn.client.DeviceSecurity;
import org.fedqnn.client.DeviceSettings;
import org.fedqnn.client.HostOutcome;
import org.fedqnn.client.ReconnectBackoff;
import org.fedqnn.proto.convert.DeviceName;
import org.fedqnn.server.security.CertsFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fedqnn device}: one JVM hosting one or more devices of a run served by {@code fedqnn server}. */
@Command(name = "device", mixinStandardHelpOptions = true,
        description = "Runs devices in this JVM: each registers with the base station, trains its tasks on its "
                + "shard and uploads its quantized deltas, until the run ends.")
final class DeviceCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--server", required = true, description = "The base station, host:port.")
    String server;

    @Option(names = "--name", required = true,
            description = "A device to host, by its unique name (" + DeviceName.RULE + "); repeat for several "
                    + "devices in this JVM.")
    List<String> names;

    @Option(names = "--data-dir",
            description = "Folder to look for the data set in first; then $FEDQNN_DATA, /usr/share/datasets/<name>, the user cache.")
    Path dataDir;

    @Option(names = "--max-codes", paramLabel = "NAME",
            description = "For measuring defences: the named hosted device sends every delta code at its maximum "
                    + "(the max-code attack, docs/hostile-devices.md) with honest trailer figures; repeatable.")
    List<String> maxCodes = List.of();

    @Option(names = "--tls-dir", paramLabel = "DIR",
            description = "Mutual TLS with the folder fedqnn certs made: DIR/devices/NAME.pem and NAME-key.pem for each "
                    + "--name, DIR/ca.pem for the base station.")
    Path tlsDir;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Mutual TLS: the device's certificate (one --name).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "Mutual TLS: the device's private key (one --name).")
    Path tlsKey;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "Mutual TLS: the run CA's certificate.")
    Path tlsCa;

    @Option(names = "--insecure", description = "Allow plaintext to a base station that is not on loopback.")
    boolean insecure;

    @Option(names = "--reconnect-max", paramLabel = "SECONDS", defaultValue = "10", description = "Longest pause "
            + "between two Register attempts after the base station was lost (from 0.5 s, doubling; default "
            + "${DEFAULT-VALUE}); a device gives up after 5 minutes without a base station.")
    double reconnectMaxSeconds;

    @Option(names = "--exit-with", paramLabel = "PID", description = "Stop the hosted devices and exit (status "
            + "130) as soon as process PID ends: fedqnn run passes its own, so that its device JVMs end with it even "
            + "when it is killed. Without it a device keeps reconnecting to a lost base station (--reconnect-max).")
    Long exitWith;

    /** How long the devices have to stop after the launcher ended before the JVM halts. */
    static final long LAUNCHER_GRACE_MILLIS = 3_000;

    /** The channels' security as the options ask. */
    DeviceSecurity security() {
        boolean files = tlsCert != null || tlsKey != null || tlsCa != null;
        if (insecure && (tlsDir != null || files)) {
            throw new IllegalArgumentException("--insecure asks for plaintext; it cannot go with --tls-dir, --tls-cert, "
                    + "--tls-key or --tls-ca");
        }
        if (tlsDir != null && files) {
            throw new IllegalArgumentException("give either --tls-dir or --tls-cert, --tls-key and --tls-ca, not both");
        }
        if (tlsDir != null) {
            CertsFolder folder = new CertsFolder(tlsDir);
            Map<String, DeviceCredentials> credentials = new LinkedHashMap<>();
            for (String name : names) {
                if (!Files.isRegularFile(folder.deviceCertificate(name))) {
                    throw new IllegalArgumentException(tlsDir + " has no certificate for device '" + name + "' ("
                            + folder.deviceCertificate(name) + "); make it with fedqnn certs --out " + tlsDir
                            + " --devices " + name);
                }
                credentials.put(name, new DeviceCredentials(folder.deviceCertificate(name), folder.deviceKey(name),
                        folder.ca()));
            }
            return DeviceSecurity.mutualTls(credentials);
        }
        if (files) {
            if (names.size() != 1) {
                throw new IllegalArgumentException("--tls-cert and --tls-key are one device's; with " + names.size()
                        + " --name use --tls-dir");
            }
            return DeviceSecurity.mutualTls(Map.of(names.get(0), new DeviceCredentials(tlsCert, tlsKey, tlsCa)));
        }
        return insecure ? DeviceSecurity.insecurePlaintext() : DeviceSecurity.plaintext();
    }

    @Override
    public Integer call() {
        checkNames(names);
        PrintWriter console = spec.commandLine().getOut();
        DeviceSecurity security = security();
        if (!(reconnectMaxSeconds >= 0.5) || !Double.isFinite(reconnectMaxSeconds)) {
            throw new IllegalArgumentException("--reconnect-max must be at least 0.5 s, got " + reconnectMaxSeconds);
        }
        if (exitWith != null && exitWith <= 0) {
            throw new IllegalArgumentException("--exit-with must be a process id (a positive number), got " + exitWith);
        }
        ReconnectBackoff d = ReconnectBackoff.DEFAULT;
        DeviceSettings settings = DeviceSettings.defaults(server, names).withMaxCodeDevices(Set.copyOf(maxCodes))
                .withReconnect(new ReconnectBackoff(d.initial(),
                        Duration.ofNanos((long) (reconnectMaxSeconds * 1e9)), d.giveUpAfter()));
        if (dataDir != null) {
            settings = settings.withDataDir(dataDir);
        }
        DeviceHost host = DeviceHost.connect(settings, security, line -> {
            synchronized (console) {
                console.println(line);
                console.flush();
            }
        });
        CountDownLatch finished = new CountDownLatch(1);
        if (exitWith != null) {
            LauncherWatch.start(exitWith, () -> {
                synchronized (console) {
                    console.println("devices     the launcher (process " + exitWith + ") has ended; stopping the "
                            + "devices of this JVM and exiting");
                    console.flush();
                }
                host.stop();
                ServerCommand.awaitQuietly(finished, LAUNCHER_GRACE_MILLIS / 1000);
                Runtime.getRuntime().halt(HostOutcome.STOPPED);
            });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            host.stop();
            ServerCommand.awaitQuietly(finished, 10);
        }));
        try {
            HostOutcome outcome = host.run();
            console.println("devices     " + outcome.reason());
            console.flush();
            return outcome.exitCode();
        } finally {
            finished.countDown();
        }
    }

    /** Checks each {@code --name} against the rule the base station applies, before connecting. */
    static void checkNames(List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            String problem = DeviceName.problem(names.get(i));
            if (problem != null) {
                throw new IllegalArgumentException("--name" + (names.size() > 1 ? " #" + (i + 1) : "") + " must be "
                        + DeviceName.RULE + "; " + problem);
            }
        }
    }
}
