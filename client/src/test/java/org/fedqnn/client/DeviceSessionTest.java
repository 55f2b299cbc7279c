package org.fedqnn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.fedqnn.proto.v2.TaskRequest;
import org.fedqnn.proto.v2.UpdateMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class DeviceSessionTest {

    private static SessionOutcome run(InProcessStation s) {
        return s.session("host-device-0", InProcessStation.settings("host-device-0")).run();
    }

    private static void assertRunEnded(SessionOutcome outcome) {
        assertEquals(SessionOutcome.Kind.RUN_ENDED, outcome.kind(), outcome.toString());
        assertEquals(FakeBaseStation.END_REASON, outcome.reason());
    }

    @Test
    void trainsTheTaskAndUploadsAnUpdateThatDecodes() throws Exception {
        try (InProcessStation s = new InProcessStation()) {
            SessionOutcome outcome = run(s);
            assertRunEnded(outcome);
            FakeBaseStation st = s.station;
            assertEquals(1, st.registers.size());
            var register = st.registers.get(0);
            assertEquals("host-device-0", register.getDeviceName());
            assertEquals(List.of("fedqnn.v2"), register.getProtocolVersionsList());
            assertEquals(DeviceChannels.MAX_INBOUND_MESSAGE_BYTES,
                    register.getCapabilities().getMaxInboundMessageBytes());
            assertEquals(List.of(-1L, FakeBaseStation.ROUND),
                    st.fetches.stream().map(TaskRequest::getLastRound).toList());

            assertEquals(1, st.updates.size());
            List<UpdateMessage> messages = st.updates.get(0);
            DecodedUpdate update = DecodedUpdate.decode(messages, st.updateTensors, FakeBaseStation.MAX_CHUNK_PAYLOAD);
            assertEquals(FakeBaseStation.ROUND, update.header().getRound());
            assertEquals(0, update.header().getDeviceIndex());
            assertEquals("run-1", update.header().getRunId());
            assertEquals(st.sessions.get(0), update.header().getSessionId());
            assertEquals(update.bytesBeforeTrailer(), update.trailer().getBytesSent());
            assertEquals((long) FakeBaseStation.LOCAL_STEPS * FakeBaseStation.BATCH, update.trailer().getSamplesUsed());
            assertEquals(FakeBaseStation.LOCAL_STEPS, update.trailer().getLocalSteps());

            // The same round trained here directly: the update is its delta, one step at most apart.
            LocalResult expected = new LocalTrainer().train(new TrainingTask(Fixtures.MLP, FakeBaseStation.ROUND,
                    FakeBaseStation.PRECISION, FakeBaseStation.LOCAL_STEPS, FakeBaseStation.LEARNING_RATE,
                    FakeBaseStation.BATCH, 0, Fixtures.SEED), st.weights(), Fixtures.shard(0));
            assertEquals(expected.meanLocalLoss(), update.trailer().getMeanLocalLoss());
            double step = Math.scalb(1.0, 1 - FakeBaseStation.PRECISION.bits());
            for (int i = 0; i < st.updateTensors.size(); i++) {
                float[] want = expected.delta(i);
                float[] got = update.tensors().get(i);
                for (int j = 0; j < want.length; j++) {
                    assertTrue(Math.abs(got[j] - want[j]) < step, "tensor " + i + " element " + j + ": delta "
                            + want[j] + ", received " + got[j]);
                }
            }
            assertTrue(s.log.stream().anyMatch(l -> l.contains("round " + FakeBaseStation.ROUND + ": loss")),
                    String.join("\n", s.log));
        }
    }

    @Test
    void registersAgainAfterFetchTaskAnswersUnavailable() throws Exception {
        try (InProcessStation s = new InProcessStation()) {
            s.station.fetchFailures.set(1);
            assertRunEnded(run(s));
            FakeBaseStation st = s.station;
            assertEquals(2, st.registers.size(), "registrations");
            assertNotEquals(st.sessions.get(0), st.sessions.get(1));
            assertEquals(st.sessions.get(0), st.fetches.get(0).getSessionId());
            assertEquals(st.sessions.get(1), st.fetches.get(1).getSessionId());
            assertEquals(1, st.updates.size());
            assertEquals(st.sessions.get(1), st.updates.get(0).get(0).getHeader().getSessionId());
        }
    }

    @Test
    void triesRegisterAgainAfterUnavailable() throws Exception {
        try (InProcessStation s = new InProcessStation()) {
            s.station.registerFailures.set(2);
            assertRunEnded(run(s));
            assertEquals(3, s.station.registers.size(), "Register calls");
            assertEquals(1, s.station.updates.size());
        }
    }

    @Test
    void givesUpWhenNoRegisterSucceedsInTime() throws Exception {
        try (InProcessStation s = new InProcessStation()) {
            s.station.registerFailures.set(Integer.MAX_VALUE);
            DeviceSettings settings = InProcessStation.settings("d").withReconnect(
                    new ReconnectBackoff(Duration.ofMillis(1), Duration.ofMillis(4), Duration.ofMillis(500)));
            SessionOutcome outcome = s.session("d", settings).run();
            assertEquals(SessionOutcome.Kind.FAILED, outcome.kind(), outcome.toString());
            assertTrue(outcome.reason().contains("no successful Register") && outcome.reason().contains("UNAVAILABLE"),
                    outcome.reason());
            assertTrue(s.station.registers.size() > 1);
            assertTrue(s.station.fetches.isEmpty());
        }
    }

    @Test
    void dropsATruncatedTaskAndNeverTrainsIt() throws Exception {
        try (InProcessStation s = new InProcessStation()) {
            s.station.truncateTask = true;
            assertRunEnded(run(s));
            assertTrue(s.station.updates.isEmpty(), "an update was sent for a truncated task");
            assertEquals(List.of(-1L, -1L), s.station.fetches.stream().map(TaskRequest::getLastRound).toList());
            assertTrue(s.log.stream().anyMatch(l -> l.contains("without TaskEnd")), String.join("\n", s.log));
        }
    }

    @Test
    void sendsTheSameUpdateAgainAfterResourceExhausted() throws Exception {
        try (InProcessStation s = new InProcessStation()) {
            s.station.busyAnswers.set(2);
            assertRunEnded(run(s));
            assertEquals(3, s.station.updates.size(), "SubmitUpdate calls");
            assertEquals(s.station.updates.get(0), s.station.updates.get(2));
        }
    }

    @Test
    void refusesToTrainWhenTheLocalDataDiffers() throws Exception {
        try (InProcessStation s = new InProcessStation()) {
            s.station.pinnedSha256 = "f".repeat(64);
            SessionOutcome outcome = run(s);
            assertEquals(SessionOutcome.Kind.FAILED, outcome.kind(), outcome.toString());
            String file = Fixtures.dataset().fileSha256().keySet().iterator().next();
            assertTrue(outcome.reason().contains(file) && outcome.reason().contains("f".repeat(64)), outcome.reason());
            assertTrue(s.station.fetches.isEmpty());
        }
    }
}
