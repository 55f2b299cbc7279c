package org.fedqnn.client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.fedqnn.proto.codec.TensorAssembler;
import org.fedqnn.proto.codec.TensorChunker;
import org.fedqnn.proto.codec.TensorCollector;
import org.fedqnn.proto.codec.WireFormatException;
import org.fedqnn.proto.convert.MalformedMessageException;
import org.fedqnn.proto.v2.ModelSpec;
import org.fedqnn.proto.v2.TaskMessage;
import org.fedqnn.qnn.wire.ExpectedTensor;

/**
 * Reads one FetchTask stream: Idle, RunEnded, or TaskHeader, the chunks of w_t and TaskEnd.
 * Every chunk is checked by a {@link TensorAssembler} against the header's tensors; TaskEnd
 * must count the chunks received; a stream that ends without TaskEnd is truncated and its
 * task dropped. Stateless and thread-safe.
 */
final class TaskStreamReader {

    /**
     * The largest chunk payload accepted from the server: the codec's maximum, 3 MiB (the
     * channel's inbound message limit bounds whole messages).
     */
    static final int MAX_TASK_PAYLOAD_BYTES = TensorChunker.MAX_MAX_PAYLOAD_BYTES;

    private TaskStreamReader() {
    }

    /**
     * @param stream the call's messages; its {@code hasNext} throws when the call fails
     * @param model  the run's model, against which the header's tensors are checked
     * @throws io.grpc.StatusRuntimeException when the call fails
     */
    static FetchResult read(Iterator<TaskMessage> stream, ModelSpec model) {
        if (!stream.hasNext()) {
            return new FetchResult.Dropped(-1, "the stream ended before its first message", false);
        }
        TaskMessage first = stream.next();
        switch (first.getKindCase()) {
            case IDLE:
                return new FetchResult.Idle();
            case RUN_ENDED:
                return new FetchResult.Ended(first.getRunEnded().getReason());
            case HEADER:
                break;
            default:
                return new FetchResult.Dropped(-1, "TaskMessage.kind of the first message must be header, idle or "
                        + "run_ended, got " + first.getKindCase(), true);
        }
        long headerNanos = System.nanoTime();
        long round = first.getHeader().getRound();
        DeviceTask task;
        try {
            task = DeviceTask.fromHeader(first.getHeader(), model);
        } catch (MalformedMessageException e) {
            return new FetchResult.Dropped(round, e.getMessage(), true);
        }
        List<ExpectedTensor> tensors = task.taskTensors();
        TensorCollector collector = new TensorCollector(tensors);
        TensorAssembler assembler = new TensorAssembler(tensors, MAX_TASK_PAYLOAD_BYTES, collector);
        while (stream.hasNext()) {
            TaskMessage m = stream.next();
            switch (m.getKindCase()) {
                case CHUNK -> {
                    try {
                        assembler.accept(m.getChunk());
                    } catch (WireFormatException e) {
                        return new FetchResult.Dropped(round, e.getMessage(), true);
                    }
                }
                case END -> {
                    return end(m.getEnd().getChunkCount(), assembler, collector, task, headerNanos, stream);
                }
                default -> {
                    return new FetchResult.Dropped(round, "TaskMessage.kind after the header must be chunk or end, got "
                            + m.getKindCase(), true);
                }
            }
        }
        return new FetchResult.Dropped(round, "the stream ended after " + assembler.chunkCount()
                + " chunks without TaskEnd (truncated)", false);
    }

    private static FetchResult end(long chunkCount, TensorAssembler assembler, TensorCollector collector,
                                   DeviceTask task, long headerNanos, Iterator<TaskMessage> stream) {
        long round = task.round();
        if (chunkCount != assembler.chunkCount()) {
            return new FetchResult.Dropped(round, "TaskEnd.chunk_count must be " + assembler.chunkCount()
                    + " (the chunks received), got " + chunkCount, true);
        }
        try {
            assembler.finish();
        } catch (WireFormatException e) {
            return new FetchResult.Dropped(round, e.getMessage(), true);
        }
        if (stream.hasNext()) {
            return new FetchResult.Dropped(round, "the stream must end after TaskEnd, got "
                    + stream.next().getKindCase(), true);
        }
        Map<String, float[]> values = collector.completed();
        List<float[]> weights = new ArrayList<>(task.taskTensors().size());
        for (ExpectedTensor t : task.taskTensors()) {
            weights.add(values.get(t.name()));
        }
        return new FetchResult.Received(task, weights, headerNanos);
    }
}
