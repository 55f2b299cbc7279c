package org.fedqnn.server.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedqnn.proto.codec.TensorAssembler;
import org.fedqnn.proto.codec.WireFormatException;
import org.fedqnn.proto.v2.TensorChunk;
import org.fedqnn.server.Parts;
import org.fedqnn.server.Refusal;
import org.fedqnn.server.Round;
import org.fedqnn.server.measures.ComplianceCosts;
import org.fedqnn.server.measures.EnergyLedger;
import org.fedqnn.server.measures.MeasureSettings;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the update intake without gRPC: three streams of one round (devices 0..2 of four
 * selected, the run's real pricing: the compliance check and the energy ledger) take header,
 * chunk, trailer, empty, end and broken-off messages in the order the fuzzer's bytes say, each
 * stream handled as the base station's SubmitUpdate handler does (begin at the header, the
 * assembler feeding the submission, the trailer's figures, complete at the end, fail on any
 * refusal). The round may close in between. Invariants: every message is taken or refused
 * with a {@link Refusal} of a kind, a {@link WireFormatException} or (the trailer's figures)
 * an {@link IllegalArgumentException}, each with a message; no other exception; never more
 * streams than upload slots; once every stream ended, every slot is free, and the round holds
 * exactly the updates that were acknowledged. Corpus: {@code IntakeFuzzTestInputs/updateStreams}.
 */
class IntakeFuzzTest {

    private static final int STREAMS = 3;
    private static final ComplianceCosts COSTS = new ComplianceCosts(1000, 2000, 8, 10);
    private static final EnergyLedger LEDGER = new EnergyLedger(MeasureSettings.paperDefaults(), 4, 1);

    /** Message kinds, the second factor of an op byte (op = stream + 3 * kind). */
    static final int HEADER = 0;
    static final int CHUNK = 1;
    static final int TRAILER = 2;
    static final int EMPTY = 3;
    static final int COMPLETED = 4;
    static final int ERROR = 5;
    static final int CLOSE_ROUND = 6;

    @FuzzTest(maxDuration = "10s")
    void updateStreams(byte[] data) {
        run(data);
    }

    /** Runs the streams the input describes; returns the number of acknowledged updates. */
    static int run(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        Object lock = new Object();
        int slots = 1 + in.u8() % 3;
        Intake intake = new Intake(lock, slots, (round, device, instruction, report, bytes) -> {
            COSTS.check(report, instruction);
            return new Priced(LEDGER.price(round, device, instruction.training(),
                    EnergyLedger.workload(COSTS, instruction), bytes), "");
        }, k -> "device-" + k);
        Round r = Parts.round(0, 4, 0, 1, 2);
        Stream[] streams = new Stream[STREAMS];
        for (int s = 0; s < STREAMS; s++) {
            streams[s] = new Stream(intake, r);
        }
        int acks = 0;
        while (in.hasMore()) {
            int op = in.u8();
            Stream s = streams[op % STREAMS];
            switch (op / STREAMS % 7) {
                case HEADER -> s.header(in);
                case CHUNK -> s.chunk(in);
                case TRAILER -> s.trailer(in);
                case EMPTY -> s.refuse(new Refusal(Refusal.Kind.MALFORMED, "UpdateMessage.kind must be set"));
                case COMPLETED -> acks += s.completed() ? 1 : 0;
                case ERROR -> s.brokenOff();
                default -> r.close();
            }
            assertTrue(intake.streaming() <= slots, "more streams than upload slots");
        }
        for (Stream s : streams) {
            s.brokenOff();
        }
        assertEquals(0, intake.streaming(), "every upload slot is free once every stream ended");
        assertEquals(acks, r.aggregation().count(), "the round holds exactly the acknowledged updates");
        assertEquals(acks, r.received());
        return acks;
    }

    /** One SubmitUpdate call, handled as the service's stream observer handles it. */
    private static final class Stream {
        private final Intake intake;
        private final Round round;
        private UpdateSubmission submission;
        private TensorAssembler assembler;
        private UpdateReport report;
        private boolean done;
        private long bytes;
        private int tensor;
        private int offset;

        Stream(Intake intake, Round round) {
            this.intake = intake;
            this.round = round;
        }

        void header(FuzzInput in) {
            int flags = in.u8();
            int device = (flags & 1) != 0 ? in.i32() : flags / 4 % 5;
            long number = (flags & 2) != 0 ? in.i64() : round.number();
            if (done) {
                return;
            }
            bytes += 30;
            if (submission != null) {
                refuse(new Refusal(Refusal.Kind.MALFORMED, "UpdateMessage: a second header in one update"));
                return;
            }
            try {
                submission = intake.begin(round, device, number);
                assembler = new TensorAssembler(submission.expected(), 64 * 1024, submission);
            } catch (Refusal e) {
                refuse(e);
            }
        }

        void chunk(FuzzInput in) {
            TensorChunk chunk = IntakeFuzzInputs.chunk(in, submission == null ? List.of() : submission.expected(),
                    tensor, offset);
            if (done || !open()) {
                return;
            }
            bytes += chunk.getSerializedSize();
            try {
                assembler.accept(chunk);
                offset += chunk.getElementCount();
                if (offset == submission.expected().get(tensor).elementCount()) {
                    tensor++;
                    offset = 0;
                }
            } catch (WireFormatException e) {
                refuse(e);
            }
        }

        void trailer(FuzzInput in) {
            long[] f = IntakeFuzzInputs.trailer(in);
            if (done || !open()) {
                return;
            }
            bytes += 60;
            try {
                assembler.finish();
            } catch (WireFormatException e) {
                refuse(e);
                return;
            }
            try {
                report = new UpdateReport(f[0], f[1], f[2], f[3], f[4], (int) f[5], Double.longBitsToDouble(f[6]),
                        Double.longBitsToDouble(f[7]), Double.longBitsToDouble(f[8]), Double.longBitsToDouble(f[9]),
                        f[10]);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith("UpdateTrailer."), e.getMessage());
                refuse(e);
            }
        }

        /** The client's half-close: true when the update was acknowledged. */
        boolean completed() {
            if (done) {
                return false;
            }
            if (report == null) {
                refuse(new Refusal(Refusal.Kind.MALFORMED, "UpdateMessage: the stream ended before the trailer"));
                return false;
            }
            done = true;
            try {
                submission.complete(report, bytes, assembler.payloadBytes(), Double.NaN);
                return true;
            } catch (Refusal e) {
                checkRefusal(e);
                return false;
            }
        }

        void brokenOff() {
            if (!done) {
                done = true;
                if (submission != null) {
                    submission.fail("the stream broke off", false);
                }
            }
        }

        private boolean open() {
            if (submission == null) {
                refuse(new Refusal(Refusal.Kind.MALFORMED, "UpdateMessage: a message before the header"));
                return false;
            }
            if (report != null) {
                refuse(new Refusal(Refusal.Kind.MALFORMED, "UpdateMessage: a message after the trailer"));
                return false;
            }
            return true;
        }

        void refuse(RuntimeException e) {
            if (done) {
                return;
            }
            if (e instanceof Refusal refusal) {
                checkRefusal(refusal);
            }
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a refusal says what was wrong");
            done = true;
            if (submission != null) {
                submission.fail(e.getMessage(), !(e instanceof Refusal refusal) || refusal.kind() == Refusal.Kind.MALFORMED);
            }
        }

        private static void checkRefusal(Refusal e) {
            assertNotNull(e.kind());
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a refusal says what was wrong");
        }
    }

    // ---- seeds ----

    private static final Path INPUTS = Path.of("src/test/resources/org/fedqnn/server/intake",
            "IntakeFuzzTestInputs", "updateStreams");

    /** Compliant seeds: one device's update; two interleaved, of which one breaks off and retries. */
    @Test
    void theCompliantSeedsAreAcknowledged() throws IOException {
        byte[][] seeds = {IntakeFuzzInputs.oneUpdate(), IntakeFuzzInputs.interleaved()};
        String[] names = {"valid-one-update", "valid-interleaved-with-retry"};
        int[] acks = {1, 2};
        for (int i = 0; i < seeds.length; i++) {
            if (Boolean.getBoolean("fuzz.writeSeeds")) {
                Files.createDirectories(INPUTS);
                Files.write(INPUTS.resolve(names[i]), seeds[i]);
            }
            assertEquals(acks[i], run(seeds[i]), names[i]);
            assertEquals(acks[i], run(Files.readAllBytes(INPUTS.resolve(names[i]))), names[i] + " in the corpus");
        }
    }
}
