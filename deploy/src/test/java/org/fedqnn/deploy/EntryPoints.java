package org.fedqnn.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an entry-point script of the images (deploy/images/rootfs/opt/fedqnn/bin) with this
 * machine's {@code /bin/sh}, where {@code fedqnn} and {@code sleep} are stand-ins on the PATH
 * that write down their arguments: what the script would run in the container, without a JVM.
 */
final class EntryPoints {

    /** What a run of the script did: its exit status, its output, and the commands it ran. */
    record Ran(int exit, String output, List<String> fedqnn, List<String> sleep) {
    }

    private EntryPoints() {
    }

    static Path script(String name) {
        return Manifests.repoRoot().resolve("deploy/images/rootfs/opt/fedqnn/bin").resolve(name);
    }

    /** Runs {@code script} with only {@code env} (and PATH) set, in {@code work}. */
    static Ran run(Path script, Map<String, String> env, List<String> args, Path work)
            throws IOException, InterruptedException {
        Path bin = Files.createDirectories(work.resolve("stand-ins"));
        Path fedqnnArgs = work.resolve("fedqnn.args");
        Path sleepArgs = work.resolve("sleep.args");
        Files.deleteIfExists(fedqnnArgs);
        Files.deleteIfExists(sleepArgs);
        standIn(bin.resolve("fedqnn"), fedqnnArgs);
        standIn(bin.resolve("sleep"), sleepArgs);
        List<String> command = new ArrayList<>(List.of("/bin/sh", script.toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(script.getFileName() + " did not end within 30 s");
        }
        String output = new String(p.getInputStream().readAllBytes());
        return new Ran(p.exitValue(), output, lines(fedqnnArgs), lines(sleepArgs));
    }

    private static void standIn(Path file, Path record) throws IOException {
        Files.writeString(file, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + record + "'\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }
}
