package org.fedqnn.qnn.train;

import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_pooling_desc_t;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * oneDNN (through JavaCPP's presets, separate from the copy inside libnd4j) for the integer
 * evaluation of fixed-point networks: u8/s8 x s8 convolutions with int32 accumulation, max
 * pooling on codes, and scaled conversions between float values and codes. Only on CPUs with
 * VNNI dot products, where oneDNN computes u8 x s8 products and their sums exactly; elsewhere
 * {@link #AVAILABLE} is false and the reason is in {@link #UNAVAILABLE_BECAUSE}.
 *
 * <p>The engine is shared and thread-safe; primitives and streams are not shared between threads.
 */
final class Dnnl {

    private static final Logger LOG = LoggerFactory.getLogger(Dnnl.class);

    static final boolean AVAILABLE;
    static final String UNAVAILABLE_BECAUSE;
    private static final dnnl_engine ENGINE;

    static {
        dnnl_engine engine = null;
        String why = null;
        try {
            int isa = dnnl_get_effective_cpu_isa();
            boolean vnni = (isa & dnnl_cpu_isa_avx512_core_vnni) == dnnl_cpu_isa_avx512_core_vnni
                    || (isa & dnnl_cpu_isa_avx2_vnni) == dnnl_cpu_isa_avx2_vnni;
            if (!vnni) {
                why = "the CPU has no VNNI dot products (oneDNN ISA 0x" + Integer.toHexString(isa) + ")";
            } else {
                engine = new dnnl_engine();
                check(dnnl_engine_create(engine, dnnl_cpu, 0), "engine_create");
            }
        } catch (Throwable t) {
            why = "oneDNN did not load: " + t;
            engine = null;
        }
        ENGINE = why == null ? engine : null;
        AVAILABLE = why == null;
        UNAVAILABLE_BECAUSE = why;
        if (why != null) {
            LOG.info("Integer evaluation is off: {}", why);
        }
    }

    private Dnnl() {
    }

    static void check(int status, String what) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN " + what + " failed with status " + status);
        }
    }

    static dnnl_stream stream() {
        dnnl_stream s = new dnnl_stream();
        check(dnnl_stream_create(s, ENGINE, dnnl_stream_default_flags), "stream_create");
        return s;
    }

    static dnnl_memory_desc_t desc(int type, int tag, long... dims) {
        dnnl_memory_desc_t d = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_tag(d, dims.length, dims, type, tag), "memory_desc_init_by_tag");
        return d;
    }

    /** Memory of {@code desc}, with {@code handle} (or none yet, set later with {@link #point}). */
    static dnnl_memory memory(dnnl_memory_desc_t desc, Pointer handle) {
        dnnl_memory m = new dnnl_memory();
        check(dnnl_memory_create(m, desc, ENGINE, handle), "memory_create");
        return m;
    }

    static void point(dnnl_memory m, Pointer handle) {
        check(dnnl_memory_set_data_handle(m, handle), "memory_set_data_handle");
    }

    static long size(dnnl_memory_desc_t desc) {
        return dnnl_memory_desc_get_size(desc);
    }

    /** An attribute with one output scale. */
    static dnnl_primitive_attr scaled(float scale) {
        dnnl_primitive_attr a = new dnnl_primitive_attr();
        check(dnnl_primitive_attr_create(a), "primitive_attr_create");
        check(dnnl_primitive_attr_set_output_scales(a, 1, 0, new float[] {scale}), "set_output_scales");
        return a;
    }

    /** {@link #scaled} followed by post-ops: clip to [low, high], then add {@code shift} (when not 0). */
    static dnnl_primitive_attr scaledClipped(float scale, float low, float high, float shift) {
        dnnl_primitive_attr a = scaled(scale);
        dnnl_post_ops ops = new dnnl_post_ops();
        check(dnnl_post_ops_create(ops), "post_ops_create");
        check(dnnl_post_ops_append_eltwise(ops, 1f, dnnl_eltwise_clip, low, high), "append clip");
        if (shift != 0f) {
            check(dnnl_post_ops_append_eltwise(ops, 1f, dnnl_eltwise_linear, 1f, shift), "append linear");
        }
        check(dnnl_primitive_attr_set_post_ops(a, ops), "set_post_ops");
        return a;
    }

    /** A forward-inference direct convolution; weights in the layout the primitive prefers. */
    static dnnl_primitive_desc convolution(dnnl_memory_desc_t src, dnnl_memory_desc_t weights,
                                           dnnl_memory_desc_t bias, dnnl_memory_desc_t dst, long[] strides,
                                           long[] padLeft, long[] padRight, dnnl_primitive_attr attr) {
        dnnl_convolution_desc_t cd = new dnnl_convolution_desc_t();
        check(dnnl_convolution_forward_desc_init(cd, dnnl_forward_inference, dnnl_convolution_direct, src, weights,
                bias, dst, strides, padLeft, padRight), "convolution_forward_desc_init");
        return create(new const_dnnl_op_desc_t(cd), attr);
    }

    static dnnl_primitive_desc maxPooling(dnnl_memory_desc_t src, dnnl_memory_desc_t dst, long[] strides,
                                          long[] kernel, long[] padLeft, long[] padRight) {
        dnnl_pooling_desc_t pd = new dnnl_pooling_desc_t();
        check(dnnl_pooling_forward_desc_init(pd, dnnl_forward_inference, dnnl_pooling_max, src, dst, strides,
                kernel, padLeft, padRight), "pooling_forward_desc_init");
        return create(new const_dnnl_op_desc_t(pd), null);
    }

    /** A reorder that multiplies by {@code scale}. */
    static dnnl_primitive_desc reorder(dnnl_memory_desc_t from, dnnl_memory_desc_t to, float scale) {
        return reorder(from, to, scaled(scale));
    }

    /** A reorder that copies the values into another layout. */
    static dnnl_primitive_desc copy(dnnl_memory_desc_t from, dnnl_memory_desc_t to) {
        return reorder(from, to, null);
    }

    private static dnnl_primitive_desc reorder(dnnl_memory_desc_t from, dnnl_memory_desc_t to,
                                               dnnl_primitive_attr attr) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl_reorder_primitive_desc_create(pd, from, ENGINE, to, ENGINE, attr), "reorder_primitive_desc_create");
        return pd;
    }

    private static dnnl_primitive_desc create(const_dnnl_op_desc_t op, dnnl_primitive_attr attr) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl_primitive_desc_create(pd, op, attr, ENGINE, null), "primitive_desc_create");
        return pd;
    }

    static dnnl_memory_desc_t weightsOf(dnnl_primitive_desc pd) {
        return dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0);
    }

    /** A primitive with its argument list: {@code (DNNL_ARG_*, memory)} pairs. */
    static final class Step {
        private final dnnl_primitive primitive = new dnnl_primitive();
        private final dnnl_exec_arg_t args;
        private final int count;

        Step(dnnl_primitive_desc pd, Object... argAndMemory) {
            check(dnnl_primitive_create(primitive, pd), "primitive_create");
            count = argAndMemory.length / 2;
            args = new dnnl_exec_arg_t(count);
            for (int i = 0; i < count; i++) {
                args.position(i).arg((Integer) argAndMemory[2 * i]).memory((dnnl_memory) argAndMemory[2 * i + 1]);
            }
            args.position(0);
        }

        void run(dnnl_stream stream) {
            check(dnnl_primitive_execute(primitive, stream, count, args), "primitive_execute");
            check(dnnl_stream_wait(stream), "stream_wait");
        }
    }
}
