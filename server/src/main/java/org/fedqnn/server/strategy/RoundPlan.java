package org.fedqnn.server.strategy;

import java.util.Arrays;

/**
 * A configured round: the K selected devices, ascending, and the instruction of each.
 * Immutable.
 */
public final class RoundPlan {

    private final long round;
    private final int[] selected;
    private final DeviceInstruction[] byDevice;

    /**
     * @param round        the round number
     * @param devices      N
     * @param selected     the selected device indices, distinct, in 0..N-1
     * @param instructions the instruction of each, in the order of {@code selected}
     */
    public RoundPlan(long round, int devices, int[] selected, DeviceInstruction[] instructions) {
        if (selected.length == 0 || selected.length != instructions.length) {
            throw new IllegalArgumentException("RoundPlan: " + selected.length + " devices selected, "
                    + instructions.length + " instructions (need one each, at least one)");
        }
        this.round = round;
        this.selected = selected.clone();
        Arrays.sort(this.selected);
        this.byDevice = new DeviceInstruction[devices];
        for (int i = 0; i < selected.length; i++) {
            int k = selected[i];
            if (k < 0 || k >= devices || byDevice[k] != null) {
                throw new IllegalArgumentException("RoundPlan: selected devices must be distinct in 0.." + (devices - 1)
                        + ", got " + Arrays.toString(selected));
            }
            byDevice[k] = java.util.Objects.requireNonNull(instructions[i], "RoundPlan instruction of device " + k);
        }
    }

    /** A plan that asks every selected device the same. */
    public static RoundPlan uniform(long round, int devices, int[] selected, DeviceInstruction instruction) {
        DeviceInstruction[] all = new DeviceInstruction[selected.length];
        Arrays.fill(all, instruction);
        return new RoundPlan(round, devices, selected, all);
    }

    public long round() {
        return round;
    }

    /** The selected devices, ascending (a copy). */
    public int[] selected() {
        return selected.clone();
    }

    /** K. */
    public int selectedCount() {
        return selected.length;
    }

    /** N. */
    public int devices() {
        return byDevice.length;
    }

    /** True when device {@code k} is selected. */
    public boolean isSelected(int k) {
        return k >= 0 && k < byDevice.length && byDevice[k] != null;
    }

    /**
     * The instruction of device {@code k}.
     *
     * @throws IllegalArgumentException when it is not selected
     */
    public DeviceInstruction instruction(int k) {
        if (!isSelected(k)) {
            throw new IllegalArgumentException("device " + k + " is not selected in round " + round);
        }
        return byDevice[k];
    }
}
