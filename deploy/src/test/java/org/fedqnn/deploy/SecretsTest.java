package org.fedqnn.deploy;

import static org.fedqnn.deploy.Manifests.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.fedqnn.cli.Main;
import org.fedqnn.server.security.CertsFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParseResult;

/**
 * The Secrets that deploy/k8s/secrets.sh writes from the certificates that the README's
 * "Running on a cluster" makes ({@code fedqnn certs} as written there): they are the ones the
 * manifests mount, every device index of the Job finds its certificate and key in them, and the
 * server's certificate names the Service's DNS name that the devices dial.
 */
class SecretsTest {

    static final String SERVER_SECRET = "fedqnn-server-tls";
    static final String DEVICE_SECRET = "fedqnn-device-tls";
    /** The files fedqnn-server-entry reads from its TLS folder. */
    static final List<String> SERVER_FILES = List.of("ca.pem", "server.pem", "server-key.pem", "crl.pem");

    @TempDir
    static Path dir;
    static Job job;
    static Container device;
    static Secret serverSecret;
    static Secret deviceSecret;

    @BeforeAll
    static void make() throws Exception {
        Path root = Manifests.repoRoot();
        List<HasMetadata> manifests = Manifests.load(root.resolve("deploy/k8s"));
        job = Manifests.find(manifests, Job.class, ManifestsTest.DEVICES);
        device = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        List<String> certs = readmeCertsCommand(Files.readString(root.resolve("README.md")));
        Path folder = dir.resolve("certs");
        new CertsFolder(folder).make(List.of(option(certs, "--devices").get(0).split(",")), option(certs, "--server-host"),
                30, new SecureRandom(), Instant.now());
        Ran ran = bash(root.resolve("deploy/k8s/secrets.sh").toString(), folder.toString(), "--namespace",
                job.getMetadata().getNamespace());
        assertEquals(0, ran.exit(), ran.output());
        List<HasMetadata> secrets = Manifests.parse(ran.output(), "secrets.sh");
        serverSecret = Manifests.find(secrets, Secret.class, SERVER_SECRET);
        deviceSecret = Manifests.find(secrets, Secret.class, DEVICE_SECRET);
    }

    @Test
    void theSecretsAreInTheManifestsNamespace() {
        assertEquals(job.getMetadata().getNamespace(), serverSecret.getMetadata().getNamespace());
        assertEquals(job.getMetadata().getNamespace(), deviceSecret.getMetadata().getNamespace());
    }

    @Test
    void theServerSecretHoldsWhatTheServerEntryPointReads() {
        assertEquals(Set.copyOf(SERVER_FILES), serverSecret.getData().keySet());
    }

    @Test
    void theCaKeyStaysOut() {
        assertFalse(serverSecret.getData().containsKey("ca-key.pem"));
        assertFalse(deviceSecret.getData().containsKey("ca-key.pem"));
    }

    @Test
    void everyDeviceIndexHasItsCertificateAndKey() {
        String prefix = env(device, "FEDQNN_NAME_PREFIX");
        assertTrue(deviceSecret.getData().containsKey("ca.pem"));
        for (int i = 0; i < job.getSpec().getCompletions(); i++) {
            assertTrue(deviceSecret.getData().containsKey(prefix + i + ".pem"), "index " + i);
            assertTrue(deviceSecret.getData().containsKey(prefix + i + "-key.pem"), "index " + i);
        }
    }

    @Test
    void theServerCertificateNamesTheServiceTheDevicesDial() throws Exception {
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode(serverSecret.getData().get("server.pem"))));
        String dial = env(device, "FEDQNN_SERVER");
        String host = dial.substring(0, dial.lastIndexOf(':'));
        List<String> dnsNames = cert.getSubjectAlternativeNames().stream().filter(n -> (Integer) n.get(0) == 2)
                .map(n -> (String) n.get(1)).toList();
        assertTrue(dnsNames.contains(host), host + " not among " + dnsNames);
    }

    @Test
    void eachDevicePodFindsItsFilesInTheSecret(@TempDir Path work) throws Exception {
        Path tls = write(deviceSecret, work.resolve("tls"));
        for (int i = 0; i < job.getSpec().getCompletions(); i++) {
            Map<String, String> environment = new HashMap<>();
            device.getEnv().forEach(e -> environment.put(e.getName(), e.getValue()));
            environment.put("FEDQNN_TLS_DIR", tls.toString());
            environment.put("JOB_COMPLETION_INDEX", Integer.toString(i));
            EntryPoints.Ran ran = EntryPoints.run(EntryPoints.script("fedqnn-device-entry"), environment, List.of(),
                    work);
            assertEquals(0, ran.exit(), ran.output());
            ParseResult sub = Main.commandLine().parseArgs(ran.fedqnn().toArray(new String[0])).subcommand();
            assertEquals("device", sub.commandSpec().name());
            assertEquals(List.of(env(device, "FEDQNN_NAME_PREFIX") + i), sub.matchedOptionValue("--name", List.of()));
            assertTrue(Files.isRegularFile(sub.matchedOptionValue("--tls-key", Path.of(""))), ran.fedqnn().toString());
        }
    }

    @Test
    void theServerPodStartsWithItsSecret(@TempDir Path work) throws Exception {
        Path tls = write(serverSecret, work.resolve("tls"));
        Map<String, String> environment = Map.of("FEDQNN_TLS_DIR", tls.toString(), "FEDQNN_RUN_DIR",
                work.resolve("run").toString());
        EntryPoints.Ran ran = EntryPoints.run(EntryPoints.script("fedqnn-server-entry"), environment, List.of(), work);
        assertEquals(0, ran.exit(), ran.output());
        assertEquals(tls.resolve("crl.pem").toString(), ran.fedqnn().get(ran.fedqnn().indexOf("--crl") + 1));
    }

    @Test
    void secretsShRefusesAFolderWithoutTheServersCertificate(@TempDir Path empty) throws Exception {
        Ran ran = bash(Manifests.repoRoot().resolve("deploy/k8s/secrets.sh").toString(), empty.toString());
        assertNotEquals(0, ran.exit());
        assertTrue(ran.output().contains("ca.pem not found"), ran.output());
    }

    /** The words of the first {@code bin/fedqnn certs --out} line in the README's cluster section. */
    static List<String> readmeCertsCommand(String readme) {
        int section = readme.indexOf("## Running on a cluster");
        assertTrue(section >= 0, "README has no section Running on a cluster");
        return readme.substring(section).lines().map(String::trim).filter(l -> l.startsWith("bin/fedqnn certs --out"))
                .findFirst().map(l -> List.of(l.split("\\s+"))).orElseThrow(() -> new AssertionError(
                        "no bin/fedqnn certs --out line in README's Running on a cluster"));
    }

    private static List<String> option(List<String> words, String name) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i + 1 < words.size(); i++) {
            if (words.get(i).equals(name)) {
                values.add(words.get(i + 1));
            }
        }
        assertFalse(values.isEmpty(), "the README's fedqnn certs line has no " + name);
        return values;
    }

    private static Path write(Secret secret, Path folder) throws IOException {
        Files.createDirectories(folder);
        for (var e : secret.getData().entrySet()) {
            Files.write(folder.resolve(e.getKey()), Base64.getDecoder().decode(e.getValue()));
        }
        return folder;
    }

    record Ran(int exit, String output) {
    }

    private static Ran bash(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("secrets.sh did not end within 30 s");
        }
        return new Ran(p.exitValue(), new String(out) + new String(err));
    }
}
