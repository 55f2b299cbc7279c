package org.fedqnn.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images' entry points (fedqnn-server-entry, fedqnn-device-entry) as /bin/sh runs them:
 * a new run, a resumed one, an ended one, the device's name from its Job index, and the
 * errors for missing TLS files.
 */
class EntryPointsTest {

    @TempDir
    Path work;
    Path tls;
    Path run;

    @BeforeEach
    void folders() throws Exception {
        tls = Files.createDirectories(work.resolve("tls"));
        run = work.resolve("run");
        for (String f : List.of("ca.pem", "server.pem", "server-key.pem", "crl.pem", "dev-3.pem", "dev-3-key.pem")) {
            Files.writeString(tls.resolve(f), "stand-in");
        }
    }

    private EntryPoints.Ran server(List<String> args) throws Exception {
        return EntryPoints.run(EntryPoints.script("fedqnn-server-entry"),
                Map.of("FEDQNN_TLS_DIR", tls.toString(), "FEDQNN_RUN_DIR", run.toString(), "FEDQNN_PORT", "50999"),
                args, work);
    }

    @Test
    void anEmptyFolderStartsANewRunWithTheArguments() throws Exception {
        EntryPoints.Ran ran = server(List.of("--devices", "4"));
        assertEquals(0, ran.exit(), ran.output());
        assertEquals(List.of("server", "--out", run.toString(), "--host", "0.0.0.0", "--port", "50999",
                "--tls-cert", tls + "/server.pem", "--tls-key", tls + "/server-key.pem", "--tls-ca", tls + "/ca.pem",
                "--crl", tls + "/crl.pem", "--devices", "4"), ran.fedqnn());
    }

    @Test
    void aCheckpointResumesTheRunWithoutTheRunOptions() throws Exception {
        Files.createDirectories(run);
        Files.writeString(run.resolve("checkpoint.fqck"), "stand-in");
        EntryPoints.Ran ran = server(List.of("--devices", "4"));
        assertEquals(0, ran.exit(), ran.output());
        assertEquals(List.of("server", "--resume", run.toString(), "--host", "0.0.0.0", "--port", "50999"),
                ran.fedqnn().subList(0, 7));
        assertFalse(ran.fedqnn().contains("--devices"), ran.fedqnn().toString());
    }

    /** Killed between the two renames of a checkpoint write, the folder holds only the previous one. */
    @Test
    void onlyThePreviousCheckpointResumesTheRunToo() throws Exception {
        Files.createDirectories(run);
        Files.writeString(run.resolve("checkpoint.prev.fqck"), "stand-in");
        EntryPoints.Ran ran = server(List.of("--devices", "4"));
        assertEquals(0, ran.exit(), ran.output());
        assertEquals(List.of("server", "--resume", run.toString()), ran.fedqnn().subList(0, 3));
        assertFalse(ran.fedqnn().contains("--devices"), ran.fedqnn().toString());
    }

    @Test
    void anEndedRunIsNotStartedAgain() throws Exception {
        Files.createDirectories(run);
        Files.writeString(run.resolve("checkpoint.fqck"), "stand-in");
        Files.writeString(run.resolve("model.fqnn"), "stand-in");
        EntryPoints.Ran ran = server(List.of());
        assertEquals(0, ran.exit(), ran.output());
        assertEquals(List.of(), ran.fedqnn());
        assertEquals(List.of("infinity"), ran.sleep());
        assertTrue(ran.output().contains("has ended"), ran.output());
    }

    @Test
    void theServerWithoutItsKeyRefusesToStartAndSaysWhichFile() throws Exception {
        Files.delete(tls.resolve("server-key.pem"));
        EntryPoints.Ran ran = server(List.of());
        assertEquals(2, ran.exit(), ran.output());
        assertTrue(ran.output().contains(tls + "/server-key.pem is missing"), ran.output());
        assertEquals(List.of(), ran.fedqnn());
    }

    @Test
    void theServerInPlaintextOnlyWhenAsked() throws Exception {
        EntryPoints.Ran ran = EntryPoints.run(EntryPoints.script("fedqnn-server-entry"),
                Map.of("FEDQNN_TLS_DIR", work.resolve("none").toString(), "FEDQNN_RUN_DIR", run.toString(),
                        "FEDQNN_INSECURE", "1"), List.of(), work);
        assertEquals(0, ran.exit(), ran.output());
        assertTrue(ran.fedqnn().contains("--insecure"), ran.fedqnn().toString());
        assertFalse(ran.fedqnn().contains("--tls-cert"), ran.fedqnn().toString());
    }

    private EntryPoints.Ran device(Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("FEDQNN_TLS_DIR", tls.toString(), "FEDQNN_SERVER",
                "fedqnn-server.fedqnn.svc:50051", "FEDQNN_NAME_PREFIX", "dev-"));
        env.putAll(extra);
        return EntryPoints.run(EntryPoints.script("fedqnn-device-entry"), env, List.of(), work);
    }

    @Test
    void aDeviceIsNamedByItsJobIndexAndUsesThatNamesCertificate() throws Exception {
        EntryPoints.Ran ran = device(Map.of("JOB_COMPLETION_INDEX", "3"));
        assertEquals(0, ran.exit(), ran.output());
        assertEquals(List.of("device", "--server", "fedqnn-server.fedqnn.svc:50051", "--name", "dev-3", "--tls-cert",
                tls + "/dev-3.pem", "--tls-key", tls + "/dev-3-key.pem", "--tls-ca", tls + "/ca.pem"), ran.fedqnn());
    }

    @Test
    void aDeviceWithoutItsCertificateSaysWhichAndHowToMakeIt() throws Exception {
        EntryPoints.Ran ran = device(Map.of("JOB_COMPLETION_INDEX", "4"));
        assertEquals(2, ran.exit(), ran.output());
        assertTrue(ran.output().contains(tls + "/dev-4.pem is missing"), ran.output());
        assertTrue(ran.output().contains("fedqnn certs --devices dev-4"), ran.output());
    }

    @Test
    void aDeviceWithoutANameOrIndexRefusesToStart() throws Exception {
        EntryPoints.Ran ran = device(Map.of());
        assertEquals(2, ran.exit(), ran.output());
        assertTrue(ran.output().contains("JOB_COMPLETION_INDEX"), ran.output());
    }
}
