package org.fedqnn.client;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The turn to compute, shared by the devices of one JVM: they train one at a time, in the
 * order they asked (a fair lock), so M devices on one machine neither oversubscribe its cores
 * nor share a network mid-round. Thread-safe.
 */
public final class ComputeTurn {

    private final ReentrantLock lock = new ReentrantLock(true);

    /** Waits for the turn, runs {@code work}, and gives the turn back (also when it throws). */
    public <T> T call(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
