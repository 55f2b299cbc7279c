package org.fedqnn.qnn.wire;

import java.util.ArrayList;
import java.util.List;
import org.fedqnn.qnn.train.ParameterInfo;
import org.fedqnn.qnn.train.Precision;

/**
 * The run's model as the strategies see it: its parameter tensors in wire order (name, shape,
 * whether the layer is quantized), the tensors of w_t in a task (float32), and which tensors
 * are clipped to [-1, 1] after aggregation. Makes the update tensors for any bit widths.
 * Immutable.
 */
public final class ModelLayout {

    private final List<ParameterInfo> parameters;
    private final List<ExpectedTensor> taskTensors;
    private final boolean[] clip;

    /**
     * @param parameters the network's parameters, in wire order
     * @param training   the run's training precision: at float32 nothing is clipped
     */
    public ModelLayout(List<ParameterInfo> parameters, Precision training) {
        this.parameters = List.copyOf(parameters);
        List<ExpectedTensor> task = new ArrayList<>();
        clip = new boolean[parameters.size()];
        for (int i = 0; i < clip.length; i++) {
            ParameterInfo p = parameters.get(i);
            task.add(ExpectedTensor.of(p.name(), WireEncoding.float32(), p.shape()));
            clip[i] = !training.isFloat() && p.quantized();
        }
        this.taskTensors = List.copyOf(task);
    }

    /** The parameter tensors, in wire order. */
    public List<ParameterInfo> parameters() {
        return parameters;
    }

    /** The tensor count. */
    public int size() {
        return parameters.size();
    }

    /** d, the values of the model. */
    public long values() {
        long d = 0;
        for (ParameterInfo p : parameters) {
            d = Math.addExact(d, p.length());
        }
        return d;
    }

    /** The tensors of w_t as tasks send them: every parameter as float32. */
    public List<ExpectedTensor> taskTensors() {
        return taskTensors;
    }

    /** By tensor: clipped to [-1, 1] after aggregation (the weights of quantized layers). */
    public boolean clipped(int tensor) {
        return clip[tensor];
    }

    /**
     * The tensors of an update at one uplink precision m: quantized layers at m, the layers the
     * network keeps in float as float32 (and everything at float32 for the float baseline).
     */
    public List<ExpectedTensor> updateTensors(Precision uplink) {
        int[] bits = new int[parameters.size()];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = parameters.get(i).quantized() ? uplink.bits() : 0;
        }
        return updateTensors(bits);
    }

    /**
     * The tensors of an update with a width per tensor: {@code bits[l]} in 1..32 for a
     * fixed-point tensor, 0 for float32. Tensors of layers kept in float must be float32.
     *
     * @throws IllegalArgumentException naming the tensor when a width is illegal for it
     */
    public List<ExpectedTensor> updateTensors(int[] bits) {
        if (bits.length != parameters.size()) {
            throw new IllegalArgumentException("need one width per tensor (" + parameters.size() + "), got "
                    + bits.length);
        }
        List<ExpectedTensor> list = new ArrayList<>();
        for (int i = 0; i < bits.length; i++) {
            ParameterInfo p = parameters.get(i);
            if (!p.quantized() && bits[i] != 0) {
                throw new IllegalArgumentException("tensor '" + p.name() + "' belongs to a layer kept in float: its "
                        + "width must be float32 (0), got " + bits[i]);
            }
            Precision m = bits[i] == 0 ? Precision.FLOAT32 : Precision.fixed(bits[i]);
            list.add(ExpectedTensor.of(p.name(), m.isFloat() ? WireEncoding.float32()
                    : WireEncoding.fixedPoint(m.bits()), p.shape()));
        }
        return List.copyOf(list);
    }
}
