package org.fedqnn.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fedqnn.qnn.alloc.Widths;

/**
 * One precision policy of {@code fedqnn compare}: an allocator, and for {@code uniform} its m
 * (null: the run's --uplink-bits, else --bits), for {@code layerwise} and {@code exact} the
 * significance (null: the run's --significance). Written {@code uniform[:m]}, {@code per-device},
 * {@code layerwise[:analytic|measured]} or {@code exact[:analytic|measured]}. Immutable.
 *
 * @param allocator    the --allocator it runs with
 * @param uplinkBits   m of a uniform policy, one of the allowed widths, or null
 * @param significance analytic or measured for the policies that price tensors, or null
 */
record ComparePolicy(String allocator, Integer uplinkBits, String significance) {

    /** Parses one policy, e.g. {@code uniform:8}. */
    static ComparePolicy parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int colon = t.indexOf(':');
        String name = colon < 0 ? t : t.substring(0, colon);
        String arg = colon < 0 ? null : t.substring(colon + 1);
        switch (name) {
            case "uniform" -> {
                if (arg == null) {
                    return new ComparePolicy(name, null, null);
                }
                int m;
                try {
                    m = Integer.parseInt(arg);
                } catch (NumberFormatException e) {
                    m = -1;
                }
                if (m < 0 || Widths.DEFAULT.indexOf(m) < 0) {
                    throw new IllegalArgumentException("--policies: uniform:m needs m in "
                            + java.util.Arrays.toString(Widths.DEFAULT.bits()) + ", got '" + text.trim() + "'");
                }
                return new ComparePolicy(name, m, null);
            }
            case "per-device" -> {
                if (arg != null) {
                    throw new IllegalArgumentException("--policies: per-device takes no argument, got '"
                            + text.trim() + "'");
                }
                return new ComparePolicy(name, null, null);
            }
            case "layerwise", "exact" -> {
                if (arg != null && !arg.equals("analytic") && !arg.equals("measured")) {
                    throw new IllegalArgumentException("--policies: " + name + "[:analytic|measured], got '"
                            + text.trim() + "'");
                }
                return new ComparePolicy(name, null, arg);
            }
            default -> throw new IllegalArgumentException("--policies: each must be uniform[:m], per-device, "
                    + "layerwise[:analytic|measured] or exact[:analytic|measured], got '" + text.trim() + "'");
        }
    }

    /** Parses the list, refusing an empty one and a policy named twice. */
    static List<ComparePolicy> parseAll(List<String> texts) {
        List<ComparePolicy> out = new ArrayList<>();
        for (String t : texts) {
            ComparePolicy p = parse(t);
            if (out.contains(p)) {
                throw new IllegalArgumentException("--policies names " + t.trim() + " twice");
            }
            out.add(p);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--policies must name at least one policy");
        }
        return out;
    }

    /**
     * Its label with the run's defaults filled in: {@code uniform:8}, {@code per-device},
     * {@code layerwise:analytic}.
     *
     * @param defaultBits         m when none is named
     * @param defaultSignificance the run's --significance
     */
    String label(int defaultBits, String defaultSignificance) {
        return switch (allocator) {
            case "uniform" -> "uniform:" + (uplinkBits != null ? uplinkBits : defaultBits);
            case "per-device" -> "per-device";
            default -> allocator + ":" + (significance != null ? significance
                    : defaultSignificance.trim().toLowerCase(Locale.ROOT));
        };
    }
}
