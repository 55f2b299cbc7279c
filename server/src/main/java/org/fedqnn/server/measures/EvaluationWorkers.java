package org.fedqnn.server.measures;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.fedqnn.qnn.train.QnnNetwork;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The networks and threads a {@link ModelEvaluator} spreads its batches over: the caller's
 * thread with the first network, and {@code threads - 1} daemon threads with a network each of
 * the same model and configuration (their weights are set before every evaluation). Each
 * network runs whole batches, and a batch's figures do not depend on the thread that ran it
 * (the forward pass of one sample gives the same logits at any batch size and thread count),
 * so the evaluation is the same for any number of threads. Several evaluators may share one
 * set of workers when they run one after the other (the base station's test set and training
 * loss). With several threads, each worker's native operations use the processors divided by the
 * threads (OpenMP's setting is per thread; the caller's is restored after each evaluation).
 * Not thread-safe: one evaluation at a time.
 */
public final class EvaluationWorkers implements AutoCloseable {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final List<QnnNetwork> nets;
    private final ExecutorService pool;
    /** OpenMP threads of each worker's native operations while it evaluates: the processors shared out. */
    private final int nativeThreads;

    private EvaluationWorkers(List<QnnNetwork> nets) {
        this.nets = List.copyOf(nets);
        this.nativeThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / this.nets.size());
        if (this.nets.size() == 1) {
            this.pool = null;
        } else {
            int id = POOLS.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(this.nets.size() - 1, r -> {
                Thread t = new Thread(() -> {
                    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(nativeThreads);
                    r.run();
                }, "evaluation-" + id + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** {@code net} alone, on the caller's thread: the evaluation as it always ran. */
    public static EvaluationWorkers single(QnnNetwork net) {
        return new EvaluationWorkers(List.of(Objects.requireNonNull(net, "net")));
    }

    /**
     * {@code net} on the caller's thread and {@code threads - 1} more networks like it on threads of
     * their own.
     *
     * @throws IllegalArgumentException when threads is below 1
     */
    public static EvaluationWorkers of(QnnNetwork net, int threads) {
        Objects.requireNonNull(net, "net");
        if (threads < 1) {
            throw new IllegalArgumentException("evaluation threads must be >= 1, got " + threads);
        }
        List<QnnNetwork> nets = new ArrayList<>();
        nets.add(net);
        for (int i = 1; i < threads; i++) {
            nets.add(QnnNetwork.create(net.spec(), net.inputShape(), net.config(), 0));
        }
        return new EvaluationWorkers(nets);
    }

    /**
     * The threads an evaluation uses by default: the processors this JVM may use, at most 4 (each
     * holds its network's buffers for a batch), at least 1.
     */
    public static int defaultThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** How many threads (and networks) evaluate. */
    public int threads() {
        return nets.size();
    }

    /** The network of worker {@code i}; 0 is the caller's. */
    QnnNetwork net(int i) {
        return nets.get(i);
    }

    /** Copies the first network's shadow weights into the others. */
    void shareFirstWeights() {
        QnnNetwork first = nets.get(0);
        for (int i = 1; i < nets.size(); i++) {
            for (int p = 0; p < first.parameters().size(); p++) {
                nets.get(i).setParameterValues(p, first.parameterValues(p));
            }
        }
    }

    /**
     * Runs {@code work(worker)} for every worker, the others on their threads and worker 0 on the
     * caller's, and returns when all returned; the first failure is rethrown.
     */
    void runAll(java.util.function.IntConsumer work) {
        List<java.util.concurrent.Future<?>> others = new ArrayList<>();
        for (int i = 1; i < nets.size(); i++) {
            int worker = i;
            others.add(pool.submit(() -> work.accept(worker)));
        }
        RuntimeException failure = null;
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        int callerThreads = ops.ompGetMaxThreads();
        try {
            if (pool != null) {
                ops.setOmpNumThreads(nativeThreads); // this thread's OpenMP setting only; restored below
            }
            work.accept(0);
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            if (pool != null) {
                ops.setOmpNumThreads(callerThreads);
            }
        }
        for (java.util.concurrent.Future<?> f : others) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure != null ? failure : new IllegalStateException("interrupted during evaluation", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException re ? re
                            : new IllegalStateException("evaluation failed", e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
