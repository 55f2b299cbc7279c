package org.fedqnn.server.strategy;

import java.util.Locale;
import org.fedqnn.qnn.wire.ModelLayout;

/**
 * Which rule combines a round's updates, as {@code --aggregator} names it: {@code fedavg} (eq. (8),
 * the default), {@code median}, {@code trimmed-mean[:beta]} (default beta 0.2) or
 * {@code norm-clip[:multiple]} (default 3). Immutable.
 *
 * @param rule      null for eq. (8), otherwise the robust rule
 * @param parameter beta or the multiple
 */
public record AggregatorChoice(RobustAggregation.Rule rule, double parameter) {

    /** Eq. (8). */
    public static final AggregatorChoice FEDAVG = new AggregatorChoice(null, 0);

    /**
     * Parses {@code fedavg}, {@code median}, {@code trimmed-mean[:beta]} or {@code norm-clip[:multiple]}.
     *
     * @throws IllegalArgumentException naming the text when it is none of them
     */
    public static AggregatorChoice parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        String name = t.contains(":") ? t.substring(0, t.indexOf(':')) : t;
        String arg = t.contains(":") ? t.substring(t.indexOf(':') + 1) : null;
        try {
            return switch (name) {
                case "fedavg" -> FEDAVG;
                case "median" -> new AggregatorChoice(RobustAggregation.Rule.MEDIAN, 0);
                case "trimmed-mean" -> new AggregatorChoice(RobustAggregation.Rule.TRIMMED_MEAN,
                        arg == null ? 0.2 : Double.parseDouble(arg));
                case "norm-clip" -> new AggregatorChoice(RobustAggregation.Rule.NORM_CLIP,
                        arg == null ? 3 : Double.parseDouble(arg));
                default -> throw new IllegalArgumentException("unknown");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--aggregator must be fedavg, median, trimmed-mean[:beta] or "
                    + "norm-clip[:multiple], got '" + text + "'", e);
        }
    }

    /** A new aggregation of this kind for a round. */
    public Aggregation create(ModelLayout layout) {
        return rule == null ? new FedAvgAggregation(layout) : new RobustAggregation(rule, parameter, layout);
    }

    /** How the run's records name it. */
    public String label() {
        if (rule == null) {
            return "fedavg";
        }
        return switch (rule) {
            case MEDIAN -> "median";
            case TRIMMED_MEAN -> "trimmed-mean:" + parameter;
            case NORM_CLIP -> "norm-clip:" + parameter;
        };
    }
}
