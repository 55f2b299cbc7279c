package org.fedqnn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.fedqnn.client.DeviceHost;
import org.fedqnn.client.DeviceSettings;
import org.fedqnn.client.HostOutcome;
import org.fedqnn.proto.convert.DeviceName;
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

    @Override
    public Integer call() {
        checkNames(names);
        PrintWriter console = spec.commandLine().getOut();
        DeviceSettings settings = DeviceSettings.defaults(server, names).withMaxCodeDevices(Set.copyOf(maxCodes));
        if (dataDir != null) {
            settings = settings.withDataDir(dataDir);
        }
        DeviceHost host = DeviceHost.connect(settings, line -> {
            synchronized (console) {
                console.println(line);
                console.flush();
            }
        });
        CountDownLatch finished = new CountDownLatch(1);
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
