package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --resume RUN_DIR}: the settings come from the run folder's manifest, and nothing may contradict it. */
class ResumeOptionTest {

    @TempDir
    Path dir;

    private void manifest(String command) throws IOException {
        Files.writeString(dir.resolve("manifest.json"), "{\"command\": \"" + command + "\", \"options\": {\"model\": "
                + "\"mlp\", \"devices\": 3, \"per-round\": 2, \"bits\": 8}}");
    }

    @Test
    void anOptionTheManifestRecordsCannotBeGivenWithResume() throws IOException {
        manifest("fedqnn server");
        for (String[] extra : new String[][] {{"--bits", "4"}, {"--devices", "5"}, {"--out", "elsewhere"}}) {
            MainTest.Result r = MainTest.run("server", "--resume", dir.toString(), extra[0], extra[1]);
            assertEquals(2, r.code(), r.out() + r.err());
            assertTrue(r.err().contains("--resume takes the run's settings from " + dir.resolve("manifest.json") + "; "
                    + extra[0] + " cannot be given with it"), r.err());
        }
        for (String[] extra : new String[][] {{"--device-jvms", "2"}, {"--config", "x.json"}}) {
            MainTest.Result run = MainTest.run("run", "--resume", dir.toString(), extra[0], extra[1]);
            assertEquals(2, run.code(), run.out() + run.err());
            assertTrue(run.err().contains(extra[0] + " cannot be given with it"), run.err());
        }
    }

    @Test
    void aFolderWithoutManifestOrOfAnotherCommandIsRefused() throws IOException {
        MainTest.Result none = MainTest.run("server", "--resume", dir.toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("--resume " + dir + ": no manifest.json there (not a run folder)"), none.err());
        manifest("fedqnn server");
        MainTest.Result other = MainTest.run("run", "--resume", dir.toString());
        assertEquals(2, other.code());
        assertTrue(other.err().contains(dir + " is a run of 'fedqnn server', not of 'fedqnn run': resume it with "
                + "fedqnn server --resume"), other.err());
    }

    /**
     * A run folder without any checkpoint (its base station was stopped before N devices
     * registered): refused before anything starts, saying the run never started and the command
     * that starts it again, for fedqnn server and fedqnn run alike.
     */
    @Test
    void aFolderWithoutAnyCheckpointIsRefusedAsARunThatNeverStarted() throws IOException {
        for (String command : new String[] {"server", "run"}) {
            manifest("fedqnn " + command);
            Files.writeString(dir.resolve("checkpoint.fqck.tmp"), "half a start checkpoint");
            MainTest.Result r = MainTest.run(command, "--resume", dir.toString());
            assertEquals(2, r.code(), r.out() + r.err());
            assertTrue(r.err().contains("--resume " + dir + ": the run never started, there is no checkpoint to resume "
                    + "from (no checkpoint.fqck or checkpoint.prev.fqck;"), r.err());
            assertTrue(r.err().contains("Start it again from the beginning with its settings: fedqnn " + command
                    + " --config " + dir.resolve("manifest.json") + " --out " + dir), r.err());
        }
    }

    /**
     * A run over mutual TLS resumed without TLS options is refused (its hand-started devices could
     * not reconnect, and it would go on in plaintext), and so is a plaintext run resumed with them.
     */
    @Test
    void aResumeOverAnotherTransportThanTheManifestsIsRefused() throws IOException {
        Files.writeString(dir.resolve("checkpoint.fqck"), "stand-in");
        String tls = "mutual TLS on 127.0.0.1, run CA CN=test (SHA-256 00), no revocation list";
        Files.writeString(dir.resolve("manifest.json"), "{\"command\": \"fedqnn server\", \"transport\": \"" + tls
                + "\", \"options\": {\"model\": \"mlp\", \"devices\": 3}}");
        MainTest.Result plain = MainTest.run("server", "--resume", dir.toString());
        assertEquals(2, plain.code(), plain.out() + plain.err());
        assertTrue(plain.err().contains(dir + " ran over " + tls + "; resume it over mutual TLS again: give its "
                + "--tls-dir"), plain.err());
        Files.writeString(dir.resolve("manifest.json"), "{\"command\": \"fedqnn run\", \"transport\": "
                + "\"plaintext on loopback 127.0.0.1\", \"options\": {\"model\": \"mlp\", \"devices\": 3}}");
        MainTest.Result tlsGiven = MainTest.run("run", "--resume", dir.toString(), "--tls-dir", "certs");
        assertEquals(2, tlsGiven.code(), tlsGiven.out() + tlsGiven.err());
        assertTrue(tlsGiven.err().contains(dir + " ran in plaintext on loopback 127.0.0.1; its devices connect in "
                + "plaintext: resume it without TLS options"), tlsGiven.err());
    }

    /** A run folder whose checkpoints are both unusable: the command fails naming both files. */
    @Test
    void withoutAUsableCheckpointTheServerFailsNamingTheFiles() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Fashion-MNIST is not installed (setup.sh installs it)");
        manifest("fedqnn server");
        Files.writeString(dir.resolve("checkpoint.fqck"), "FQCK but not really");
        MainTest.Result r = MainTest.run("server", "--resume", dir.toString(), "--port", "0");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("no usable checkpoint in " + dir) && r.err().contains("checkpoint.prev.fqck "
                + "refused: no such file"), r.err());
    }
}
