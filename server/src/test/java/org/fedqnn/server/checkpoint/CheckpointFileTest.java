package org.fedqnn.server.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.measures.BoundPoint;
import org.fedqnn.server.measures.RunMeasures;
import org.fedqnn.server.registry.DeviceInfo;
import org.fedqnn.server.round.RoundRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint files: round trip bit for bit, refusals naming the file and the fault, fallback, atomic writes. */
class CheckpointFileTest {

    @TempDir
    Path dir;

    /** A checkpoint after {@code rounds} rounds whose values are awkward: NaN, -0.0, subnormals, no credential. */
    static Checkpoint checkpoint(long rounds) {
        float[] a = {Float.NaN, -0.0f, Float.MIN_VALUE, 1.5f, -3e38f, Float.intBitsToFloat(0x7fc00001)};
        float[] b = new float[1000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) Math.sin(i + rounds);
        }
        GlobalModel m = new GlobalModel(rounds - 1, new float[][] {a, b, new float[0]});
        List<DeviceInfo> devices = List.of(new DeviceInfo("a", "17 x", "linux", 2, 1L << 30, 1 << 20, "cpu", true),
                new DeviceInfo("b\u00e9", "", "", 1, 0, 0, "", false));
        return new Checkpoint("run-" + rounds, 7, rounds, m, devices, Arrays.asList(null, "ab12"),
                new RoundRecorder.Tally(new org.fedqnn.qnn.train.Evaluation(230.5, 10, 100),
                        new BoundPoint(0, 2.3, Double.NaN, 0.5, Double.NaN, -0.0, 1), 0.5, Double.NaN, 0.6, (int) rounds,
                        2, 1234),
                1, rounds == 9 ? "target accuracy 80.00% reached" : null, rounds == 9,
                new RunMeasures.State(1.5, 2.5, 99, Double.NaN, 0.25, 3, 4.5,
                        rounds % 2 == 0 ? null : new BoundPoint(rounds, 0.3, 0.2, 1e9, Double.NaN, 5, 6)),
                new byte[] {1, 2, 3}, Map.of("rounds.csv", 100L + rounds, "device-rounds.csv", 7L));
    }

    static void assertSame(Checkpoint want, Checkpoint got) {
        assertEquals(want.runId(), got.runId());
        assertEquals(want.seed(), got.seed());
        assertEquals(want.rounds(), got.rounds());
        assertEquals(want.model().round(), got.model().round());
        assertEquals(want.model().size(), got.model().size());
        for (int i = 0; i < want.model().size(); i++) {
            float[] w = want.model().tensor(i);
            float[] g = got.model().tensor(i);
            assertEquals(w.length, g.length);
            for (int j = 0; j < w.length; j++) {
                assertEquals(Float.floatToRawIntBits(w[j]), Float.floatToRawIntBits(g[j]), "tensor " + i + "[" + j + "]");
            }
        }
        assertEquals(want.devices(), got.devices());
        assertEquals(want.credentials(), got.credentials());
        assertEquals(want.recorder(), got.recorder());
        assertEquals(want.missedInARow(), got.missedInARow());
        assertEquals(want.stopReason(), got.stopReason());
        assertEquals(want.stopCompleted(), got.stopCompleted());
        assertEquals(want.measures(), got.measures());
        assertArrayEquals(want.strategy(), got.strategy());
        assertEquals(want.recordLengths(), got.recordLengths());
    }

    @Test
    void aCheckpointComesBackBitForBitAndTheOneItReplacesIsKept() throws IOException {
        CheckpointFile.write(dir, checkpoint(1));
        CheckpointFile.Loaded first = CheckpointFile.load(dir);
        assertSame(checkpoint(1), first.checkpoint());
        assertEquals(dir.resolve(CheckpointFile.LATEST), first.file());
        assertFalse(Files.exists(dir.resolve(CheckpointFile.PREVIOUS)));

        CheckpointFile.write(dir, checkpoint(9));
        CheckpointFile.Loaded second = CheckpointFile.load(dir);
        assertSame(checkpoint(9), second.checkpoint());
        assertTrue(second.refused().isEmpty());
        assertSame(checkpoint(1), CheckpointFile.read(dir.resolve(CheckpointFile.PREVIOUS)));
        assertFalse(Files.exists(dir.resolve(CheckpointFile.TEMPORARY)));
        byte[] bytes = Files.readAllBytes(dir.resolve(CheckpointFile.LATEST));
        assertArrayEquals(CheckpointFile.encode(checkpoint(9)), bytes, "the same checkpoint, the same bytes");
        assertEquals('F', bytes[0]);
        assertEquals('K', bytes[3]);
    }

    @Test
    void aCorruptLatestIsRefusedByItsChecksumAndThePreviousIsUsed() throws IOException {
        CheckpointFile.write(dir, checkpoint(1));
        CheckpointFile.write(dir, checkpoint(2));
        Path latest = dir.resolve(CheckpointFile.LATEST);
        byte[] bytes = Files.readAllBytes(latest);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(latest, bytes);
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointFile.read(latest));
        assertEquals(latest, e.file());
        assertTrue(e.getMessage().contains(latest.toString()) && e.getMessage().contains("checksum mismatch"),
                e.getMessage());
        CheckpointFile.Loaded loaded = CheckpointFile.load(dir);
        assertSame(checkpoint(1), loaded.checkpoint());
        assertEquals(dir.resolve(CheckpointFile.PREVIOUS), loaded.file());
        assertEquals(List.of(e.getMessage()), loaded.refused());
    }

    @Test
    void aTruncatedLatestIsRefusedAndThePreviousIsUsed() throws IOException {
        CheckpointFile.write(dir, checkpoint(1));
        CheckpointFile.write(dir, checkpoint(2));
        Path latest = dir.resolve(CheckpointFile.LATEST);
        byte[] bytes = Files.readAllBytes(latest);
        for (int keep : new int[] {bytes.length - 1, 100, CheckpointFile.HEADER_BYTES, 7, 0}) {
            Files.write(latest, Arrays.copyOf(bytes, keep));
            CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointFile.read(latest));
            assertTrue(e.getMessage().contains(latest.toString()) && e.getMessage().contains("truncated"),
                    keep + " bytes: " + e.getMessage());
            CheckpointFile.Loaded loaded = CheckpointFile.load(dir);
            assertSame(checkpoint(1), loaded.checkpoint());
            assertEquals(1, loaded.refused().size());
        }
    }

    @Test
    void anotherFormatOrVersionIsRefusedAndWithoutAnyUsableFileLoadingFailsNamingBoth() throws IOException {
        Path latest = dir.resolve(CheckpointFile.LATEST);
        Path previous = dir.resolve(CheckpointFile.PREVIOUS);
        Files.write(latest, "not a checkpoint at all, but long enough".getBytes());
        byte[] other = CheckpointFile.encode(checkpoint(1));
        other[7] = 9; // the format version
        Files.write(previous, other);
        assertTrue(assertThrows(CheckpointException.class, () -> CheckpointFile.read(latest)).getMessage()
                .contains("not a fedqnn checkpoint"));
        assertTrue(assertThrows(CheckpointException.class, () -> CheckpointFile.read(previous)).getMessage()
                .contains("format version 9"));
        CheckpointException none = assertThrows(CheckpointException.class, () -> CheckpointFile.load(dir));
        assertTrue(none.getMessage().contains("no usable checkpoint") && none.getMessage().contains(latest.toString())
                && none.getMessage().contains(previous.toString()), none.getMessage());
        Files.delete(latest);
        Files.delete(previous);
        assertTrue(assertThrows(CheckpointException.class, () -> CheckpointFile.load(dir)).getMessage()
                .contains("no such file"));
    }

    /**
     * A write that fails before its rename leaves the latest and previous checkpoints as they
     * were; so does one that left a half-written temporary file behind (a crash mid-write), which
     * the next write replaces.
     */
    @Test
    void anInterruptedWriteLeavesTheCheckpointsIntact() throws IOException {
        CheckpointFile.write(dir, checkpoint(1));
        CheckpointFile.write(dir, checkpoint(2));
        Path tmp = dir.resolve(CheckpointFile.TEMPORARY);
        Files.createDirectory(tmp); // the write of the temporary file fails
        assertThrows(IOException.class, () -> CheckpointFile.write(dir, checkpoint(3)));
        assertSame(checkpoint(2), CheckpointFile.load(dir).checkpoint());
        assertSame(checkpoint(1), CheckpointFile.read(dir.resolve(CheckpointFile.PREVIOUS)));
        Files.delete(tmp);

        byte[] half = CheckpointFile.encode(checkpoint(3));
        Files.write(tmp, Arrays.copyOf(half, half.length / 2));
        CheckpointFile.Loaded loaded = CheckpointFile.load(dir);
        assertSame(checkpoint(2), loaded.checkpoint());
        assertTrue(loaded.refused().isEmpty());
        CheckpointFile.write(dir, checkpoint(3));
        assertSame(checkpoint(3), CheckpointFile.load(dir).checkpoint());
        assertSame(checkpoint(2), CheckpointFile.read(dir.resolve(CheckpointFile.PREVIOUS)));
        assertNull(CheckpointFile.load(dir).checkpoint().stopReason());
    }
}
