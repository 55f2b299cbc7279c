package org.fedqnn.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedqnn.proto.codec.TensorAssembler;
import org.fedqnn.proto.codec.TensorCollector;
import org.fedqnn.proto.v2.UpdateHeader;
import org.fedqnn.proto.v2.UpdateMessage;
import org.fedqnn.proto.v2.UpdateTrailer;
import org.fedqnn.qnn.wire.ExpectedTensor;

/** An update stream decoded as a server would: header, assembled tensors, trailer. */
record DecodedUpdate(UpdateHeader header, List<float[]> tensors, UpdateTrailer trailer, long bytesBeforeTrailer) {

    /**
     * Decodes {@code messages}, failing on anything out of place.
     *
     * @throws AssertionError or a WireFormatException when the stream is not a legal update
     */
    static DecodedUpdate decode(List<UpdateMessage> messages, List<ExpectedTensor> expected, int maxPayloadBytes) {
        if (messages.size() < 2 || !messages.get(0).hasHeader()) {
            throw new AssertionError("an update starts with its header, got " + messages.size() + " messages");
        }
        UpdateMessage last = messages.get(messages.size() - 1);
        if (!last.hasTrailer()) {
            throw new AssertionError("an update ends with its trailer, got " + last.getKindCase());
        }
        TensorCollector collector = new TensorCollector(expected);
        TensorAssembler assembler = new TensorAssembler(expected, maxPayloadBytes, collector);
        long bytes = messages.get(0).getSerializedSize();
        for (UpdateMessage m : messages.subList(1, messages.size() - 1)) {
            if (!m.hasChunk()) {
                throw new AssertionError("between header and trailer only chunks, got " + m.getKindCase());
            }
            assembler.accept(m.getChunk());
            bytes += m.getSerializedSize();
        }
        assembler.finish();
        Map<String, float[]> values = collector.completed();
        List<float[]> tensors = new ArrayList<>();
        for (ExpectedTensor t : expected) {
            tensors.add(values.get(t.name()));
        }
        return new DecodedUpdate(messages.get(0).getHeader(), tensors, last.getTrailer(), bytes);
    }
}
