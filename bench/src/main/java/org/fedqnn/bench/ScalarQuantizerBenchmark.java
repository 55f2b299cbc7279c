package org.fedqnn.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link QuantizerKernelBenchmark} on the scalar reference path: the same fork flags as
 * {@link VectorQuantizerBenchmark} plus {@code -Dfedqnn.vector=false}, so only the kernels
 * differ. Not thread-safe (JMH thread state).
 */
@Fork(value = 1, jvmArgs = {"--add-modules=jdk.incubator.vector", "-Xmx6g", "-Dfedqnn.vector=false"})
public class ScalarQuantizerBenchmark extends QuantizerKernelBenchmark {

    @Override
    protected boolean expectVector() {
        return false;
    }
}
