package org.fedqnn.qnn.train;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.fedqnn.qnn.Rounding;
import org.fedqnn.qnn.cost.CostCounter;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.fedqnn.qnn.cost.NetworkSpec;
import org.fedqnn.qnn.cost.TensorShape;

/**
 * Saves and loads a {@link QnnNetwork} with its shadow weights and its precision in one file;
 * the layout is in {@code docs/model-format.md}. Loading checks every field and the CRC-32 and
 * says what was wrong. Writes go to a temporary file moved into place, so a crash never
 * leaves half a model under the final name. Stateless and thread-safe.
 */
public final class ModelFile {

    /** The first 8 bytes of every model file. */
    static final byte[] MAGIC = "FEDQNNMD".getBytes(StandardCharsets.US_ASCII);
    /** The layout version this code writes and reads. */
    public static final int VERSION = 1;
    private static final int MAX_METADATA = 256;

    private ModelFile() {
    }

    /** What a model file holds besides the weights. */
    public record Loaded(QnnNetwork network, Map<String, String> metadata) {
    }

    /**
     * Writes {@code net} with free-form {@code metadata} (e.g. data set, seed, epochs) to {@code file}.
     */
    public static void save(QnnNetwork net, Map<String, String> metadata, Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(net.spec().name());
            TensorShape in = net.inputShape();
            out.writeInt(in.channels());
            out.writeInt(in.height());
            out.writeInt(in.width());
            QnnConfig c = net.config();
            out.writeInt(c.precision().bits());
            out.writeUTF(c.layers().label());
            out.writeUTF(c.activation().label());
            out.writeUTF(c.activationRounding().name());
            out.writeUTF(c.layerScale().label());
            out.writeInt(metadata.size());
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            List<ParameterInfo> params = net.parameters();
            out.writeInt(params.size());
            for (int i = 0; i < params.size(); i++) {
                ParameterInfo p = params.get(i);
                out.writeUTF(p.name());
                long[] shape = p.shape();
                out.writeInt(shape.length);
                for (long d : shape) {
                    out.writeLong(d);
                }
                float[] v = net.parameterValues(i);
                ByteBuffer buf = ByteBuffer.allocate(4 * v.length);
                buf.asFloatBuffer().put(v);
                out.write(buf.array());
            }
        }
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp); DataOutputStream out = new DataOutputStream(os)) {
            bytes.writeTo(out);
            out.writeInt((int) crc.getValue());
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads a model written by {@link #save}.
     *
     * @throws ModelFormatException naming the field, expected and actual value when anything is off
     */
    public static Loaded load(Path file) throws IOException {
        byte[] all;
        try (InputStream in = Files.newInputStream(file)) {
            all = in.readAllBytes();
        }
        if (all.length < MAGIC.length + 8) {
            throw new ModelFormatException(file, "file is " + all.length + " bytes, too short for a model");
        }
        if (!Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new ModelFormatException(file, "magic: expected FEDQNNMD, not a fedqnn model file");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 4);
        int stored = ByteBuffer.wrap(all, all.length - 4, 4).getInt();
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all, 0, all.length - 4))) {
            in.skipNBytes(MAGIC.length);
            int version = in.readInt();
            if (version != VERSION) {
                throw new ModelFormatException(file, "version: expected " + VERSION + ", actual " + version);
            }
            if (stored != (int) crc.getValue()) {
                throw new ModelFormatException(file, String.format("crc32: expected %08x (stored), actual %08x;"
                        + " the file is corrupt", stored, (int) crc.getValue()));
            }
            return read(file, in);
        } catch (EOFException e) {
            throw new ModelFormatException(file, "ends early (truncated)", e);
        }
    }

    private static Loaded read(Path file, DataInputStream in) throws IOException {
        String specName = readString(file, in, "model");
        NetworkSpec spec;
        try {
            spec = ModelSpecs.byName(specName);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, "model: " + e.getMessage(), e);
        }
        TensorShape shape;
        QnnConfig config;
        try {
            shape = new TensorShape(in.readInt(), in.readInt(), in.readInt());
            Precision precision = new Precision(in.readInt());
            config = new QnnConfig(precision, LayerPolicy.parse(readString(file, in, "layers")),
                    ClippedActivation.parse(readString(file, in, "activation")),
                    Rounding.valueOf(readString(file, in, "activation rounding")),
                    LayerScale.parse(readString(file, in, "layer scale")));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, "header: " + e.getMessage(), e);
        }
        int metaCount = in.readInt();
        if (metaCount < 0 || metaCount > MAX_METADATA) {
            throw new ModelFormatException(file, "metadata count: expected 0.." + MAX_METADATA + ", actual "
                    + metaCount);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = 0; i < metaCount; i++) {
            metadata.put(readString(file, in, "metadata key " + i), readString(file, in, "metadata value " + i));
        }
        requireRoomForWeights(file, in, spec, shape);
        QnnNetwork net;
        try {
            net = QnnNetwork.create(spec, shape, config, 0);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, "model " + specName + " on " + shape + ": " + e.getMessage(), e);
        }
        List<ParameterInfo> expected = net.parameters();
        int count = in.readInt();
        if (count != expected.size()) {
            throw new ModelFormatException(file, "tensor count: expected " + expected.size() + " for " + specName
                    + ", actual " + count);
        }
        for (int i = 0; i < count; i++) {
            ParameterInfo want = expected.get(i);
            String name = readString(file, in, "tensor " + i + " name");
            if (!name.equals(want.name())) {
                throw new ModelFormatException(file, "tensor " + i + " name: expected " + want.name() + ", actual "
                        + name);
            }
            int rank = in.readInt();
            if (rank != want.shape().length) {
                throw new ModelFormatException(file, name + " rank: expected " + want.shape().length
                        + ", actual " + rank);
            }
            long[] dims = new long[rank];
            for (int d = 0; d < rank; d++) {
                dims[d] = in.readLong();
            }
            if (!Arrays.equals(dims, want.shape())) {
                throw new ModelFormatException(file, name + " shape: expected " + Arrays.toString(want.shape())
                        + ", actual " + Arrays.toString(dims));
            }
            byte[] raw = new byte[Math.toIntExact(4 * want.length())];
            in.readFully(raw);
            float[] v = new float[Math.toIntExact(want.length())];
            ByteBuffer.wrap(raw).asFloatBuffer().get(v);
            for (int k = 0; k < v.length; k++) {
                if (!Float.isFinite(v[k]) || (config.quantized() && Math.abs(v[k]) > 1f)) {
                    throw new ModelFormatException(file, name + "[" + k + "]: expected a finite value"
                            + (config.quantized() ? " in [-1, 1]" : "") + ", actual " + v[k]);
                }
            }
            net.setParameterValues(i, v);
        }
        if (in.available() > 0) {
            throw new ModelFormatException(file, in.available() + " unexpected bytes after the last tensor");
        }
        return new Loaded(net, metadata);
    }

    /** A modified-UTF-8 string field; malformed bytes are a format error naming the field. */
    private static String readString(Path file, DataInputStream in, String field) throws IOException {
        try {
            return in.readUTF();
        } catch (UTFDataFormatException e) {
            throw new ModelFormatException(file, field + ": expected a modified UTF-8 string, actual malformed bytes ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * Refuses a header whose network needs more weight bytes than the rest of the file holds,
     * before the network is built: a short file declaring a huge input would otherwise make
     * the reader allocate it (or overflow on the way).
     */
    private static void requireRoomForWeights(Path file, DataInputStream in, NetworkSpec spec, TensorShape shape)
            throws IOException {
        long weights;
        try {
            weights = CostCounter.count(spec, shape).weights();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ModelFormatException(file, "model " + spec.name() + " on " + shape + ": " + e.getMessage(), e);
        }
        long left = in.available();
        if (weights > left / 4) {
            throw new ModelFormatException(file, "input: expected a shape whose weights fit the file, actual "
                    + shape + ", on which model " + spec.name() + " has " + weights + " weights of 4 bytes, and the"
                    + " file holds " + left + " bytes after the header (truncated, or a wrong input shape)");
        }
    }

}
