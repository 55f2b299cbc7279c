package org.fedqnn.server.checkpoint;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fedqnn.qnn.train.Evaluation;
import org.fedqnn.server.GlobalModel;
import org.fedqnn.server.measures.BoundPoint;
import org.fedqnn.server.measures.RunMeasures;
import org.fedqnn.server.registry.DeviceInfo;
import org.fedqnn.server.round.RoundRecorder;

/**
 * The body of a checkpoint file ({@link CheckpointFile} adds the header and checksum): big-endian
 * fields in a fixed order, floats and doubles by their bits (so the model comes back bit for
 * bit), texts as a length and UTF-8. {@link #writeModel} and {@link #readModel} also serve the
 * strategies' own state. Stateless.
 */
public final class CheckpointCodec {

    private CheckpointCodec() {
    }

    static void write(Checkpoint c, DataOutputStream out) throws IOException {
        writeText(out, c.runId());
        out.writeLong(c.seed());
        out.writeLong(c.rounds());
        writeModel(out, c.model());
        out.writeInt(c.devices().size());
        for (int k = 0; k < c.devices().size(); k++) {
            DeviceInfo d = c.devices().get(k);
            writeText(out, d.name());
            writeText(out, d.jvm());
            writeText(out, d.os());
            out.writeInt(d.processors());
            out.writeLong(d.maxHeapBytes());
            out.writeInt(d.maxInboundMessageBytes());
            writeText(out, d.backend());
            out.writeBoolean(d.vectorized());
            writeNullable(out, c.credentials().get(k));
        }
        RoundRecorder.Tally t = c.recorder();
        out.writeDouble(t.initial().lossSum());
        out.writeLong(t.initial().correct());
        out.writeLong(t.initial().count());
        writeBound(out, t.initialBound());
        out.writeDouble(t.accuracy());
        out.writeDouble(t.loss());
        out.writeDouble(t.best());
        out.writeInt(t.rounds());
        out.writeInt(t.aggregations());
        out.writeLong(t.uplinkBytes());
        out.writeInt(c.missedInARow());
        writeNullable(out, c.stopReason());
        out.writeBoolean(c.stopCompleted());
        writeMeasures(out, c.measures());
        out.writeInt(c.strategy().length);
        out.write(c.strategy());
        Map<String, Long> lengths = new TreeMap<>(c.recordLengths());
        out.writeInt(lengths.size());
        for (Map.Entry<String, Long> e : lengths.entrySet()) {
            writeText(out, e.getKey());
            out.writeLong(e.getValue());
        }
    }

    static Checkpoint read(DataInputStream in) throws IOException {
        String runId = readText(in);
        long seed = in.readLong();
        long rounds = in.readLong();
        GlobalModel model = readModel(in);
        int n = count(in, "devices");
        List<DeviceInfo> devices = new ArrayList<>();
        List<String> credentials = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            devices.add(new DeviceInfo(readText(in), readText(in), readText(in), in.readInt(), in.readLong(),
                    in.readInt(), readText(in), in.readBoolean()));
            credentials.add(readNullable(in));
        }
        RoundRecorder.Tally tally = new RoundRecorder.Tally(new Evaluation(in.readDouble(), in.readLong(),
                in.readLong()), readBound(in), in.readDouble(), in.readDouble(), in.readDouble(), in.readInt(),
                in.readInt(), in.readLong());
        int missed = in.readInt();
        String stopReason = readNullable(in);
        boolean stopCompleted = in.readBoolean();
        RunMeasures.State measures = readMeasures(in);
        byte[] strategy = new byte[count(in, "strategy state bytes")];
        in.readFully(strategy);
        int files = count(in, "record files");
        Map<String, Long> lengths = new TreeMap<>();
        for (int i = 0; i < files; i++) {
            lengths.put(readText(in), in.readLong());
        }
        return new Checkpoint(runId, seed, rounds, model, devices, credentials, tally, missed, stopReason,
                stopCompleted, measures, strategy, lengths);
    }

    /** Writes a model: its round, its tensor count, and each tensor's length and values by their bits. */
    public static void writeModel(DataOutputStream out, GlobalModel m) throws IOException {
        out.writeLong(m.round());
        out.writeInt(m.size());
        for (int i = 0; i < m.size(); i++) {
            float[] v = m.tensor(i);
            out.writeInt(v.length);
            ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.BIG_ENDIAN);
            for (float x : v) {
                b.putInt(Float.floatToRawIntBits(x));
            }
            out.write(b.array());
        }
    }

    /** Reads a model {@link #writeModel} wrote. */
    public static GlobalModel readModel(DataInputStream in) throws IOException {
        long round = in.readLong();
        float[][] tensors = new float[count(in, "tensors")][];
        for (int i = 0; i < tensors.length; i++) {
            int length = count(in, "values of tensor " + i);
            byte[] bytes = new byte[Math.multiplyExact(length, Float.BYTES)];
            in.readFully(bytes);
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
            float[] v = new float[length];
            for (int j = 0; j < length; j++) {
                v[j] = Float.intBitsToFloat(b.getInt());
            }
            tensors[i] = v;
        }
        return new GlobalModel(round, tensors);
    }

    private static void writeMeasures(DataOutputStream out, RunMeasures.State s) throws IOException {
        out.writeDouble(s.computeJoules());
        out.writeDouble(s.uplinkJoules());
        out.writeLong(s.uplinkBits());
        out.writeDouble(s.largestSquaredNorm());
        out.writeDouble(s.varianceSum());
        out.writeLong(s.varianceCount());
        out.writeDouble(s.modelledSeconds());
        writeBound(out, s.last());
    }

    /** Writes a point against the bound, or its absence. */
    private static void writeBound(DataOutputStream out, BoundPoint p) throws IOException {
        out.writeBoolean(p != null);
        if (p != null) {
            out.writeLong(p.rounds());
            out.writeDouble(p.trainingLoss());
            out.writeDouble(p.gap());
            out.writeDouble(p.paperBound());
            out.writeDouble(p.estimatedBound());
            out.writeDouble(p.gradientBoundG());
            out.writeDouble(p.meanSigmaSquared());
        }
    }

    private static RunMeasures.State readMeasures(DataInputStream in) throws IOException {
        double compute = in.readDouble();
        double uplink = in.readDouble();
        long bits = in.readLong();
        double norm = in.readDouble();
        double varianceSum = in.readDouble();
        long varianceCount = in.readLong();
        double modelled = in.readDouble();
        return new RunMeasures.State(compute, uplink, bits, norm, varianceSum, varianceCount, modelled,
                readBound(in));
    }

    private static BoundPoint readBound(DataInputStream in) throws IOException {
        return in.readBoolean() ? new BoundPoint(in.readLong(), in.readDouble(), in.readDouble(), in.readDouble(),
                in.readDouble(), in.readDouble(), in.readDouble()) : null;
    }

    private static int count(DataInputStream in, String what) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative count of " + what + ": " + n);
        }
        return n;
    }

    private static void writeText(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readText(DataInputStream in) throws IOException {
        byte[] b = new byte[count(in, "text bytes")];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeText(out, s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? readText(in) : null;
    }
}
