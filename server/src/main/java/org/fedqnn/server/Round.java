package org.fedqnn.server;

import java.util.HashSet;
import java.util.Set;

/**
 * The state of one open or closed round, guarded by the coordinator's lock. Not thread-safe.
 */
final class Round {

    final long number;
    final Task template;
    final int[] selected;
    final boolean[] isSelected;
    final long startNanos;
    final long deadlineNanos;
    final FedAvgAccumulator sum;
    /** By device: the session the task went to, null until sent. */
    final String[] sentSession;
    final long[] sentNanos;
    final DeviceOutcome[] outcomes;
    /** Last refusal reason by device, for a device whose updates were all refused. */
    final String[] refusals;
    final Set<Integer> streaming = new HashSet<>();
    boolean open = true;
    int received;

    Round(long number, Task template, int[] selected, int devices, long startNanos, long deadlineNanos,
          FedAvgAccumulator sum) {
        this.number = number;
        this.template = template;
        this.selected = selected;
        this.isSelected = new boolean[devices];
        for (int k : selected) {
            isSelected[k] = true;
        }
        this.startNanos = startNanos;
        this.deadlineNanos = deadlineNanos;
        this.sum = sum;
        this.sentSession = new String[devices];
        this.sentNanos = new long[devices];
        this.outcomes = new DeviceOutcome[devices];
        this.refusals = new String[devices];
    }

    /** True when every selected device's update was accepted or refused and none is streaming. */
    boolean allAnswered() {
        if (!streaming.isEmpty()) {
            return false;
        }
        for (int k : selected) {
            if (outcomes[k] == null && refusals[k] == null) {
                return false;
            }
        }
        return true;
    }
}
