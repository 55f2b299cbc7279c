package org.fedqnn.bench;

import java.util.concurrent.TimeUnit;
import org.fedqnn.qnn.Quantizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two uplink kernels of {@link Quantizer}, timed per call: stochastic quantize + pack of a
 * float array, and unpack + dequantize of its packed bytes into a preallocated float array.
 * {@code quantizeAndPack} allocates its output {@code byte[]} on every call; that allocation is
 * part of the API's cost and is measured with it.
 *
 * <p>The subclasses pick the path by their fork's JVM flags ({@link VectorQuantizerBenchmark},
 * {@link ScalarQuantizerBenchmark}); {@link #setUp} refuses to run when the JVM is on the other
 * path, so a missing {@code --add-modules} cannot pass for a vector result. Compare with
 * {@link ArraycopyBenchmark} at the same {@code elements}. Not thread-safe (JMH thread state).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class QuantizerKernelBenchmark {

    /** The stream key of every call: the draws do not change the work, only the codes. */
    static final long KEY = 0x5EED_F00D_CAFE_BEEFL;

    /** Float elements per call: 1M and 16M (both whole 256-element blocks). */
    @Param({"1048576", "16777216"})
    public int elements;

    /** Precision n of the fixed-point format. */
    @Param({"2", "4", "8", "16"})
    public int bits;

    private Quantizer quantizer;
    private float[] src;
    private byte[] packed;
    private float[] dst;

    /** Whether this benchmark's fork is meant to run the vector kernels. */
    protected abstract boolean expectVector();

    @Setup
    public void setUp() {
        if (Quantizer.vectorized() != expectVector()) {
            throw new IllegalStateException("expected the " + (expectVector() ? "vector" : "scalar")
                    + " path but Quantizer.vectorized() is " + Quantizer.vectorized()
                    + "; check the fork's JVM flags");
        }
        quantizer = Quantizer.stochastic(bits);
        src = BenchData.uniformWeights(elements);
        packed = quantizer.quantizeAndPack(src, KEY);
        dst = new float[elements];
    }

    /** Stochastic quantize + pack of {@code elements} floats; allocates the packed result. */
    @Benchmark
    public byte[] quantizeAndPack() {
        return quantizer.quantizeAndPack(src, KEY);
    }

    /** Unpack + dequantize of {@code elements} values into a preallocated float array. */
    @Benchmark
    public float[] unpackAndDequantize() {
        quantizer.unpackAndDequantize(packed, dst);
        return dst;
    }
}
