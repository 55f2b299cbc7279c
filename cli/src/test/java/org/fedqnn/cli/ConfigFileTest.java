package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.fedqnn.datasets.tensor.Normalization;
import org.fedqnn.server.BelowQuorum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --config FILE}: options from a YAML or JSON file, the command line winning; refusals name the fault. */
class ConfigFileTest {

    @TempDir
    Path dir;

    /** The command {@code args} parse to, with the options of its config file, as {@link Main} runs it. */
    private static Object parse(String... args) {
        CommandLine.ParseResult parsed = Main.withConfig(Main.commandLine().parseArgs(args));
        return parsed.subcommand().commandSpec().userObject();
    }

    @Test
    void theFileGivesWhatTheCommandLineDoesNot() throws IOException {
        Path yaml = Files.writeString(dir.resolve("experiment.yaml"), """
                # an experiment kept as a file
                options:
                  bits: 4
                  devices: 7
                  per-round: 3
                  partition: dirichlet
                  below-quorum: stop
                  round-deadline: 60
                  normalization: standardize
                  data-dir: /data/here
                  quorum: null
                """);
        RunCommand run = (RunCommand) parse("run", "--config", yaml.toString(), "--per-round", "2");
        FederationOptions f = run.federation;
        assertEquals("4", RunOptions.of(run.spec).get("bits"));
        assertEquals(7, f.partition.devices);
        assertEquals(2, f.perRound, "the command line wins");
        assertEquals(PartitionOptions.Scheme.dirichlet, f.partition.scheme);
        assertEquals(BelowQuorum.STOP, f.belowQuorum);
        assertEquals(60.0, f.roundDeadlineSeconds);
        assertEquals(Normalization.STANDARDIZE, f.normalization);
        assertEquals(Path.of("/data/here"), f.data.dataDir);
        assertEquals(null, f.quorum, "null: not given");
        assertEquals(20, f.localSteps, "neither: the option's default");
        SweepCommand sweep = (SweepCommand) parse("sweep", "--config", Files.writeString(dir.resolve("s.yml"),
                "options: {precisions: [4, 8, float], devices: 3}\n").toString());
        assertEquals(((SweepCommand) parse("sweep", "--precisions", "4,8,float")).precisions, sweep.precisions,
                "a list reads as the same list on the command line");
        assertEquals(3, sweep.federation.partition.devices);
    }

    @Test
    void aRunsRecordedOptionsReadBackAsTheSameOptions() throws IOException {
        RunCommand given = (RunCommand) parse("run", "--bits", "4", "--uplink-bits", "2", "--preset", "paper",
                "--target-accuracy", "75.5", "--partition", "shards", "--data-dir", "/tmp/x", "--f-star", "0.125",
                "--threads-per-jvm", "3", "--device-heap", "3g", "--below-quorum", "stop", "--bandwidth-hertz", "2e6",
                "--normalization", "standardize", "--seed", "-7", "--out", "ignored");
        Map<String, Object> options = RunOptions.of(given.spec);
        assertEquals("4", options.get("bits"));
        assertEquals("stop", options.get("below-quorum"));
        assertFalse(options.containsKey("out") || options.containsKey("config") || options.containsKey("quorum"),
                "no output folder, no config file, no option without a value: " + options);
        Path json = dir.resolve("manifest.json");
        JsonMapper.builder().build().writeValue(json.toFile(), Map.of("run_id", "x", "options", options));
        RunCommand again = (RunCommand) parse("run", "--config", json.toString());
        assertEquals(options, RunOptions.of(again.spec));
        assertEquals(-7L, again.federation.seed);
        assertEquals(2e6, again.federation.bandwidthHertz);
    }

    @Test
    void aFileThatIsNotAConfigIsRefusedNamingTheFault() throws IOException {
        Path unknown = Files.writeString(dir.resolve("a.yaml"), "options:\n  bits: 4\n  colour: red\n");
        assertRefused(unknown, "colour");
        assertRefused(Files.writeString(dir.resolve("b.yaml"), "options: {out: /tmp/elsewhere}\n"), "out");
        assertRefused(Files.writeString(dir.resolve("c.json"), "{\"bits\": 4}"), "no object 'options'");
        assertRefused(Files.writeString(dir.resolve("d.json"), "{\"options\": {\"bits\": 4, \"bits\": 5}}"),
                "Duplicate field 'bits'");
        assertRefused(Files.writeString(dir.resolve("e.txt"), "options: {}"), ".yaml, .yml or .json");
        assertRefused(Files.writeString(dir.resolve("f.yaml"), "options: {devices: [1, 2]}"), "--devices");
        MainTest.Result r = MainTest.run("run", "--config", Files.writeString(dir.resolve("g.yaml"),
                "options: {devices: many}\n").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--devices") && r.err().contains("many"), r.err());
    }

    private static void assertRefused(Path file, String fault) {
        MainTest.Result r = MainTest.run("run", "--config", file.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(file.toString()) && r.err().contains(fault), r.err());
    }
}
