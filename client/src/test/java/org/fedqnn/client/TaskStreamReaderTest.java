package org.fedqnn.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fedqnn.proto.codec.TensorChunker;
import org.fedqnn.proto.convert.ModelMessages;
import org.fedqnn.proto.v2.Idle;
import org.fedqnn.proto.v2.ModelSpec;
import org.fedqnn.proto.v2.RunEnded;
import org.fedqnn.proto.v2.TaskEnd;
import org.fedqnn.proto.v2.TaskHeader;
import org.fedqnn.proto.v2.TaskMessage;
import org.junit.jupiter.api.Test;

class TaskStreamReaderTest {

    private static final FakeBaseStation STATION = new FakeBaseStation();
    private static final ModelSpec MODEL = ModelMessages.toProto(STATION.model, STATION.net);

    private static TaskMessage header(TaskHeader h) {
        return TaskMessage.newBuilder().setHeader(h).build();
    }

    /** The task as the fake station sends it: header, chunks, TaskEnd with {@code count}. */
    private static List<TaskMessage> task(TaskHeader h, long count) {
        List<TaskMessage> out = new ArrayList<>(List.of(header(h)));
        List<float[]> w = STATION.weights();
        long chunks = 0;
        for (int i = 0; i < w.size(); i++) {
            for (var c : new TensorChunker().chunks(STATION.taskTensors.get(i), w.get(i), 0)) {
                out.add(TaskMessage.newBuilder().setChunk(c).build());
                chunks++;
            }
        }
        out.add(TaskMessage.newBuilder().setEnd(TaskEnd.newBuilder().setChunkCount(count < 0 ? chunks : count))
                .build());
        return out;
    }

    private static FetchResult read(List<TaskMessage> messages) {
        return TaskStreamReader.read(messages.iterator(), MODEL);
    }

    @Test
    void aCompleteTaskGivesItsSettingsAndWeights() {
        var received = assertInstanceOf(FetchResult.Received.class, read(task(STATION.header(), -1)));
        assertEquals(FakeBaseStation.ROUND, received.task().round());
        assertEquals(FakeBaseStation.PRECISION, received.task().training());
        assertEquals(FakeBaseStation.BATCH, received.task().batchSize());
        assertEquals(STATION.updateTensors, received.task().updateTensors());
        for (int i = 0; i < received.weights().size(); i++) {
            assertArrayEquals(STATION.weights().get(i), received.weights().get(i), "tensor " + i);
        }
    }

    @Test
    void idleAndRunEndedAreReadAsSuch() {
        assertInstanceOf(FetchResult.Idle.class,
                read(List.of(TaskMessage.newBuilder().setIdle(Idle.getDefaultInstance()).build())));
        var ended = assertInstanceOf(FetchResult.Ended.class, read(List.of(TaskMessage.newBuilder()
                .setRunEnded(RunEnded.newBuilder().setReason("target accuracy reached")).build())));
        assertEquals("target accuracy reached", ended.reason());
    }

    @Test
    void aWrongChunkCountDropsTheTaskAsMalformed() {
        var dropped = assertInstanceOf(FetchResult.Dropped.class, read(task(STATION.header(), 1)));
        assertTrue(dropped.malformed());
        assertEquals(FakeBaseStation.ROUND, dropped.round());
        assertTrue(dropped.reason().contains("TaskEnd.chunk_count"), dropped.reason());
    }

    @Test
    void aStreamWithoutTaskEndIsTruncated() {
        List<TaskMessage> messages = task(STATION.header(), -1);
        var dropped = assertInstanceOf(FetchResult.Dropped.class, read(messages.subList(0, messages.size() - 1)));
        assertFalse(dropped.malformed());
    }

    @Test
    void anIllegalHeaderIsDroppedNamingTheField() {
        var dropped = assertInstanceOf(FetchResult.Dropped.class,
                read(task(STATION.header().toBuilder().setBatchSize(0).build(), -1)));
        assertTrue(dropped.malformed());
        assertTrue(dropped.reason().contains("TaskHeader.batch_size"), dropped.reason());
        var noPrecision = assertInstanceOf(FetchResult.Dropped.class,
                read(task(STATION.header().toBuilder().clearTrainingPrecision().build(), -1)));
        assertTrue(noPrecision.reason().contains("TaskHeader.training_precision"), noPrecision.reason());
        var tensors = assertInstanceOf(FetchResult.Dropped.class,
                read(task(STATION.header().toBuilder().removeUpdateTensors(0).build(), -1)));
        assertTrue(tensors.reason().contains("TaskHeader.update_tensors"), tensors.reason());
    }

    @Test
    void aChunkThatBreaksTheWireFormatDropsTheTask() {
        List<TaskMessage> messages = task(STATION.header(), -1);
        var bad = messages.get(1).getChunk().toBuilder().setElementOffset(1).build();
        messages.set(1, TaskMessage.newBuilder().setChunk(bad).build());
        var dropped = assertInstanceOf(FetchResult.Dropped.class, read(messages));
        assertTrue(dropped.malformed());
        assertTrue(dropped.reason().contains("element_offset"), dropped.reason());
    }
}
