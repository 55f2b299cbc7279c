package org.fedqnn.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A 2-round run over mutual TLS through the images' entry points (deploy/images/run-local.sh),
 * where the images have been built here (deploy/images/build.sh, which needs root and Debian's
 * mmdebstrap, so the suite does not build them) and this machine can run containers or
 * namespaces; else skipped with the reason printed.
 */
class ImagesRunTest {

    @Test
    void aShortRunThroughTheServerAndDeviceImages() throws Exception {
        Path root = Manifests.repoRoot();
        Path script = root.resolve("deploy/images/run-local.sh");
        skipUnless(Files.isRegularFile(root.resolve("deploy/build/images/oci/index.json")),
                "no images in deploy/build/images (build them with deploy/images/build.sh)");
        Ran check = run(120, "bash", script.toString(), "--check");
        skipUnless(check.exit() != 77, check.output().trim());
        assertEquals(0, check.exit(), check.output());
        Ran ran = run(900, "bash", script.toString());
        assertEquals(0, ran.exit(), ran.output());
        assertTrue(ran.output().contains("PASSED"), ran.output());
        assertTrue(ran.output().contains("has ended"), ran.output());
    }

    private static void skipUnless(boolean condition, String reason) {
        if (!condition) {
            System.out.println("ImagesRunTest skipped: " + reason);
        }
        Assumptions.assumeTrue(condition, reason);
    }

    record Ran(int exit, String output) {
    }

    private static Ran run(long seconds, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("fedqnn-images", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not end within " + seconds + " s:\n"
                        + Files.readString(log));
            }
            return new Ran(p.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
