package org.fedqnn.client;

import java.util.List;
import org.fedqnn.proto.v2.UpdateMessage;
import org.fedqnn.proto.v2.UpdateTrailer;

/**
 * The messages of one SubmitUpdate call, ready to send (and to send again after
 * RESOURCE_EXHAUSTED): the header, the delta's chunks and the trailer. Immutable and
 * thread-safe.
 *
 * @param messages  header first, trailer last
 * @param bytesSent serialized bytes of the messages before the trailer
 */
public record EncodedUpdate(List<UpdateMessage> messages, long bytesSent) {

    public EncodedUpdate {
        messages = List.copyOf(messages);
        if (messages.size() < 2 || !messages.get(0).hasHeader() || !messages.get(messages.size() - 1).hasTrailer()) {
            throw new IllegalArgumentException("EncodedUpdate.messages must run from a header to a trailer, got "
                    + messages.size() + " messages");
        }
    }

    /** The trailer. */
    public UpdateTrailer trailer() {
        return messages.get(messages.size() - 1).getTrailer();
    }

    /** Serialized bytes of every message, trailer included. */
    public long totalBytes() {
        return bytesSent + messages.get(messages.size() - 1).getSerializedSize();
    }
}
