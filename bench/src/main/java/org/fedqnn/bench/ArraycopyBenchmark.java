package org.fedqnn.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The baseline of the quantizer benchmarks: {@code System.arraycopy} of a float array of the
 * same size into a preallocated destination, in a fork with the same flags as
 * {@link VectorQuantizerBenchmark}. A kernel's ratio to arraycopy is arraycopy time / kernel
 * time at the same {@code elements}. Not thread-safe (JMH thread state).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
public class ArraycopyBenchmark {

    /** Float elements per call, as in {@link QuantizerKernelBenchmark#elements}. */
    @Param({"1048576", "16777216"})
    public int elements;

    private float[] src;
    private float[] dst;

    @Setup
    public void setUp() {
        src = BenchData.uniformWeights(elements);
        dst = new float[elements];
    }

    /** Copies {@code elements} floats into the preallocated destination. */
    @Benchmark
    public float[] arraycopy() {
        System.arraycopy(src, 0, dst, 0, elements);
        return dst;
    }
}
