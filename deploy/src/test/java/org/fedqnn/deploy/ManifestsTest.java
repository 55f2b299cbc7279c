package org.fedqnn.deploy;

import static org.fedqnn.deploy.Manifests.env;
import static org.fedqnn.deploy.Manifests.find;
import static org.fedqnn.deploy.Manifests.mount;
import static org.fedqnn.deploy.Manifests.volume;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fedqnn.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParseResult;

/**
 * deploy/k8s checked offline: every manifest parses into the Kubernetes API types without a
 * field they do not know, and the objects agree with each other (namespace, labels and
 * selectors, ports, volumes, Secrets, the Service's DNS name) and with the CLI's options
 * (the server's arguments parse as {@code fedqnn server}'s, its port is the container's and
 * the Service's, its --devices is the Job's completions). One assertion per cross-reference.
 */
class ManifestsTest {

    static final String SERVER = "fedqnn-server";
    static final String DEVICES = "fedqnn-devices";

    static List<HasMetadata> all;
    static Deployment deployment;
    static Service service;
    static Job job;
    static Container server;
    static Container device;

    @BeforeAll
    static void load() throws IOException {
        all = Manifests.load(Manifests.repoRoot().resolve("deploy/k8s"));
        deployment = find(all, Deployment.class, SERVER);
        service = find(all, Service.class, SERVER);
        job = find(all, Job.class, DEVICES);
        server = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        device = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void everyManifestUsesOnlyFieldsOfTheApiTypes() {
        assertEquals(List.of("Deployment", "Job", "Namespace", "PersistentVolumeClaim", "Service"),
                all.stream().map(HasMetadata::getKind).sorted().toList());
        for (HasMetadata o : all) {
            assertEquals(List.of(), Manifests.unknownFields(o), o.getKind() + " " + o.getMetadata().getName());
        }
    }

    @Test
    void theUnknownFieldCheckFindsAMisspeltField() {
        String yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                + "    - name: c\n      image: i\n      volumeMount: [{name: v, mountPath: /v}]\n";
        List<String> unknown = Manifests.unknownFields(Manifests.parse(yaml, "test").get(0));
        assertEquals(1, unknown.size(), unknown.toString());
        assertTrue(unknown.get(0).contains("volumeMount"), unknown.toString());
        assertThrows(IllegalArgumentException.class, () -> Manifests.parse("apiVersion: v9\nkind: Nothing\n", "test"));
    }

    @Test
    void everyObjectIsInTheNamespace() {
        String ns = all.stream().filter(Namespace.class::isInstance).findFirst().orElseThrow().getMetadata().getName();
        for (HasMetadata o : all) {
            if (!(o instanceof Namespace)) {
                assertEquals(ns, o.getMetadata().getNamespace(), o.getKind() + " " + o.getMetadata().getName());
            }
        }
    }

    @Test
    void theServerIsOneReplicaReplacedWhole() {
        assertEquals(1, deployment.getSpec().getReplicas());
        assertEquals("Recreate", deployment.getSpec().getStrategy().getType());
    }

    @Test
    void theDeploymentSelectsItsOwnPods() {
        Map<String, String> pods = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(pods.entrySet().containsAll(deployment.getSpec().getSelector().getMatchLabels().entrySet()));
    }

    @Test
    void theServiceSelectsTheServerPodsAndNotTheDevices() {
        Map<String, String> selector = service.getSpec().getSelector();
        assertTrue(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                .containsAll(selector.entrySet()));
        assertFalse(job.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()));
    }

    @Test
    void theServersPortIsTheContainerPortAndTheServicesTargetPort() {
        ContainerPort grpc = server.getPorts().get(0);
        int port = Integer.parseInt(env(server, "FEDQNN_PORT"));
        assertEquals(port, grpc.getContainerPort());
        ServicePort sp = service.getSpec().getPorts().get(0);
        Integer target = sp.getTargetPort().getIntVal() != null ? sp.getTargetPort().getIntVal()
                : server.getPorts().stream().filter(p -> sp.getTargetPort().getStrVal().equals(p.getName()))
                        .findFirst().map(ContainerPort::getContainerPort).orElse(null);
        assertEquals(port, target, "the Service's targetPort " + sp.getTargetPort());
        assertEquals(grpc.getName(), server.getReadinessProbe().getTcpSocket().getPort().getStrVal());
    }

    @Test
    void theDevicesDialTheServicesDnsNameAndPort() {
        String dial = env(device, "FEDQNN_SERVER");
        String host = dial.substring(0, dial.lastIndexOf(':'));
        int port = Integer.parseInt(dial.substring(dial.lastIndexOf(':') + 1));
        assertEquals(service.getMetadata().getName() + "." + service.getMetadata().getNamespace() + ".svc", host);
        assertEquals(service.getSpec().getPorts().get(0).getPort(), port);
    }

    @Test
    void theServersArgumentsAreOptionsOfFedqnnServer(@TempDir Path work) throws Exception {
        ParseResult sub = Main.commandLine().parseArgs(freshStart(work).toArray(new String[0])).subcommand();
        assertEquals("server", sub.commandSpec().name());
        assertEquals(Integer.parseInt(env(server, "FEDQNN_PORT")), sub.<Integer>matchedOptionValue("--port", -1));
        assertEquals(server.getPorts().get(0).getContainerPort(), sub.<Integer>matchedOptionValue("--port", -1));
    }

    @Test
    void theServerWaitsForAsManyDevicesAsTheJobRunsAtOnce(@TempDir Path work) throws Exception {
        ParseResult sub = Main.commandLine().parseArgs(freshStart(work).toArray(new String[0])).subcommand();
        int devices = sub.matchedOptionValue("--devices", -1);
        assertEquals(devices, job.getSpec().getCompletions());
        assertEquals(devices, job.getSpec().getParallelism(), "every device must be up at once");
        assertTrue(sub.<Integer>matchedOptionValue("--per-round", 5) <= devices);
        assertEquals("Indexed", job.getSpec().getCompletionMode());
    }

    @Test
    void theRunFolderIsOnThePersistentVolumeClaim() {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        PersistentVolumeClaim pvc = find(all, PersistentVolumeClaim.class,
                volume(pod.getVolumes(), "run").getPersistentVolumeClaim().getClaimName());
        assertEquals(List.of("ReadWriteOnce"), pvc.getSpec().getAccessModes());
        Path mount = Path.of(mount(server, "run").getMountPath());
        assertTrue(Path.of(env(server, "FEDQNN_RUN_DIR")).startsWith(mount), "run folder under " + mount);
        assertEquals(pod.getSecurityContext().getRunAsUser(), pod.getSecurityContext().getFsGroup(),
                "the volume must be writable by the server's user");
    }

    @Test
    void theTlsSecretsAreMountedWhereTheEntryPointsReadThem() {
        PodSpec serverPod = deployment.getSpec().getTemplate().getSpec();
        PodSpec devicePod = job.getSpec().getTemplate().getSpec();
        assertEquals(SecretsTest.SERVER_SECRET, volume(serverPod.getVolumes(), "tls").getSecret().getSecretName());
        assertEquals(SecretsTest.DEVICE_SECRET, volume(devicePod.getVolumes(), "tls").getSecret().getSecretName());
        assertEquals(env(server, "FEDQNN_TLS_DIR"), mount(server, "tls").getMountPath());
        assertEquals(env(device, "FEDQNN_TLS_DIR"), mount(device, "tls").getMountPath());
    }

    @Test
    void aReadOnlyRootHasAWritableTmpForTheNativeLibraries() {
        for (Container c : List.of(server, device)) {
            assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem());
            assertTrue(env(c, "FEDQNN_NATIVE_CACHE").startsWith(mount(c, "tmp").getMountPath() + "/"), c.getName());
        }
    }

    @Test
    void theImagesAreTheBuildsAndAreNotPulled() throws IOException {
        String pom = Files.readString(Manifests.repoRoot().resolve("pom.xml"));
        String version = pom.replaceAll("(?s)^.*?</artifactId>\\s*<version>([^<]+)</version>.*$", "$1");
        assertEquals("localhost/fedqnn-server:" + version, server.getImage());
        assertEquals("localhost/fedqnn-device:" + version, device.getImage());
        assertEquals("Never", server.getImagePullPolicy());
        assertEquals("Never", device.getImagePullPolicy());
    }

    /**
     * The command line (from {@code fedqnn} on) that the server's entry point runs on a fresh
     * start, given the Deployment's env and args, with stand-in TLS files and run folder in {@code work}.
     */
    static List<String> freshStart(Path work) throws IOException, InterruptedException {
        Path tls = Files.createDirectories(work.resolve("tls"));
        for (String f : SecretsTest.SERVER_FILES) {
            Files.writeString(tls.resolve(f), "stand-in");
        }
        Map<String, String> environment = new java.util.HashMap<>();
        server.getEnv().forEach(e -> environment.put(e.getName(), e.getValue()));
        environment.put("FEDQNN_TLS_DIR", tls.toString());
        environment.put("FEDQNN_RUN_DIR", work.resolve("run").toString());
        EntryPoints.Ran ran = EntryPoints.run(EntryPoints.script("fedqnn-server-entry"), environment,
                server.getArgs(), work);
        assertEquals(0, ran.exit(), ran.output());
        return ran.fedqnn();
    }
}
