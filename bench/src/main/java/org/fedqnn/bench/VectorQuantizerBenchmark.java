package org.fedqnn.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link QuantizerKernelBenchmark} on the Vector API path: a fork with
 * {@code --add-modules=jdk.incubator.vector}. Not thread-safe (JMH thread state).
 */
@Fork(value = 1, jvmArgs = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
public class VectorQuantizerBenchmark extends QuantizerKernelBenchmark {

    @Override
    protected boolean expectVector() {
        return true;
    }
}
