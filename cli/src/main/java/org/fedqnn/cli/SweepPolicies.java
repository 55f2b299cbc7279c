package org.fedqnn.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.server.strategy.EnergyAwarePrecision;
import org.fedqnn.server.strategy.LossDrivenPrecision;

/**
 * The adaptive precision policies a sweep runs beside its fixed precisions
 * ({@code fedqnn sweep --policies loss-driven,energy-aware:every=3,margin=0}): one run per policy
 * and seed, its row in the tables labelled with the policy's name. Stateless.
 */
final class SweepPolicies {

    /** The policies a sweep can run. */
    static final Set<String> NAMES = Set.of(LossDrivenPrecision.NAME, EnergyAwarePrecision.NAME);

    private SweepPolicies() {
    }

    /**
     * The policy specs of {@code text}, split at the commas that start a new policy: a part
     * with '=' and no ':' is a further parameter of the policy before it.
     *
     * @throws IllegalArgumentException for an unknown or repeated policy, or {@code fixed}
     */
    static List<String> parse(String text) {
        List<String> specs = new ArrayList<>();
        if (text == null) {
            return specs;
        }
        for (String part : text.split(",", -1)) {
            String p = part.trim();
            if (p.contains("=") && !p.contains(":") && !specs.isEmpty()) {
                specs.set(specs.size() - 1, specs.get(specs.size() - 1) + "," + p);
            } else {
                specs.add(p);
            }
        }
        List<String> names = new ArrayList<>();
        for (String spec : specs) {
            String name = label(spec);
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("--policies names adaptive precision policies, loss-driven[:...] "
                        + "or energy-aware[:...] (the fixed precisions are --precisions), got '" + spec + "'");
            }
            if (names.contains(name)) {
                throw new IllegalArgumentException("--policies names " + name + " twice");
            }
            names.add(name);
        }
        return specs;
    }

    /** The policy's name, the label of its rows and the tag of its run folders. */
    static String label(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        int colon = s.indexOf(':');
        return colon < 0 ? s : s.substring(0, colon);
    }

    /** Whether a row labelled {@code label} is a policy's run (not a fixed precision's). */
    static boolean isPolicy(String label) {
        return NAMES.contains(label);
    }

    /** The ceiling of n of the policy runs: {@code bits} when given, else the widest fixed-point n swept. */
    static Precision ceiling(List<Precision> swept, Precision bits) {
        if (bits != null) {
            if (bits.isFloat()) {
                throw new IllegalArgumentException("--bits is the ceiling of n of the --policies runs: it must be "
                        + "fixed point, got float32");
            }
            return bits;
        }
        return swept.stream().filter(p -> !p.isFloat()).max(java.util.Comparator.comparingInt(Precision::bits))
                .orElseThrow(() -> new IllegalArgumentException("--policies needs a fixed-point ceiling of n: give "
                        + "--bits or a fixed-point precision in --precisions"));
    }
}
