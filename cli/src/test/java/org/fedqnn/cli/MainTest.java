package org.fedqnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void costPrintsThePaperCnnCountsOnCifarInput() {
        Result r = run("cost", "paper-cnn", "--input", "3x32x32");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("20,684,800") || r.out().contains("20684800"), r.out());
    }

    @Test
    void aDeviceNameOutsideTheRuleIsRefusedBeforeConnecting() {
        // nothing listens on port 1: the check must come first
        Result r = run("device", "--server", "127.0.0.1:1", "--name", "jvm0-device0", "--name", "bad\u202Ename");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--name #2 must be 1..64 characters of A-Z a-z 0-9 . _ -, the first a letter or "
                + "a digit; got U+202E at position 4"), r.err());
        Result one = run("device", "--server", "127.0.0.1:1", "--name", "x".repeat(65));
        assertTrue(one.err().contains("fedqnn: --name must be 1..64 characters"), one.err());
        assertTrue(one.err().contains("got 65 characters"), one.err());
    }

    @Test
    void aBadShapeIsAClearErrorNotAStackTrace() {
        Result r = run("cost", "paper-cnn", "--input", "28x28");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--input must be CxHxW"), r.err());
        Result unknown = run("cost", "resnet-9000");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("model name must be one of"), unknown.err());
    }

    @Test
    void prepareLoadsFashionMnistAndPartitionsItOverTheDevices() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Debian's dataset-fashion-mnist is installed by .ci/run");
        Result r = run("prepare", "--devices", "20", "--partition", "shards", "--bits", "4", "--seed", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("60000 train + 10000 test"), r.out());
        assertTrue(r.out().contains("20 devices"), r.out());
        assertTrue(r.out().contains("mean distinct labels 2.0") || r.out().contains("mean distinct labels 1."),
                r.out());
        assertTrue(r.out().contains("4-bit delta of 208,330 weights: 104,165 bytes packed"), r.out());
    }

    @Test
    void anImpossibleMinimumPerDeviceNamesTheNumbers() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")));
        Result r = run("prepare", "--devices", "100", "--min-per-device", "1000");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("100") && r.err().contains("1000") && r.err().contains("60000"), r.err());
    }
}
