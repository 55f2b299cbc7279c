package org.fedqnn.server;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedqnn.qnn.train.Evaluation;

/** The readable one-page summary of a run ({@code summary.md}). Stateless and thread-safe. */
public final class RunSummary {

    private RunSummary() {}

    /** The Markdown text. */
    public static String markdown(Map<String, Object> manifest, Evaluation initial, List<RoundRecord> rounds,
                                  RunOutcome outcome) {
        StringBuilder sb = new StringBuilder();
        sb.append("# fedqnn run ").append(manifest.getOrDefault("run_id", "")).append("\n\n");
        sb.append("| setting | value |\n|---|---|\n");
        for (String key : List.of("dataset", "model", "training_precision", "uplink_precision", "devices",
                "devices_per_round", "local_steps", "batch_size", "learning_rate", "partition", "seed", "quorum",
                "round_deadline_s")) {
            if (manifest.containsKey(key)) {
                sb.append("| ").append(key).append(" | ").append(manifest.get(key)).append(" |\n");
            }
        }
        long received = rounds.stream().mapToLong(RoundRecord::received).sum();
        long late = rounds.stream().mapToLong(RoundRecord::late).sum();
        long rejected = rounds.stream().mapToLong(RoundRecord::rejected).sum();
        long silent = rounds.stream().mapToLong(RoundRecord::silent).sum();
        double meanUpdateBytes = received == 0 ? Double.NaN : (double) outcome.uplinkBytes() / received;
        sb.append("\n## Result\n\n");
        sb.append("| figure | value |\n|---|---|\n");
        sb.append("| ended | ").append(outcome.reason()).append(" |\n");
        sb.append(String.format(Locale.ROOT, "| rounds (aggregated) | %d (%d) |%n", outcome.rounds(),
                outcome.aggregations()));
        sb.append(String.format(Locale.ROOT, "| test accuracy: initial, final, best | %s, %s, %s |%n",
                pct(initial == null ? Double.NaN : initial.accuracy()), pct(outcome.finalAccuracy()),
                pct(outcome.bestAccuracy())));
        sb.append(String.format(Locale.ROOT, "| final test loss | %.4f |%n", outcome.finalLoss()));
        sb.append(String.format(Locale.ROOT, "| updates received / late / rejected / silent | %d / %d / %d / %d |%n",
                received, late, rejected, silent));
        sb.append(String.format(Locale.ROOT, "| uplink total | %,d bytes (%,d bits) |%n", outcome.uplinkBytes(),
                8 * outcome.uplinkBytes()));
        sb.append(String.format(Locale.ROOT, "| uplink per update | %,.0f bytes |%n", meanUpdateBytes));
        sb.append(String.format(Locale.ROOT, "| wall time | %.1f s |%n", outcome.wallSeconds()));
        sb.append("\n## Rounds\n\n");
        sb.append("| round | K' / K | test acc | test loss | local loss | uplink bytes | round s |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (RoundRecord r : rounds) {
            sb.append(String.format(Locale.ROOT, "| %d | %d / %d%s | %s | %.4f | %s | %,d | %.1f |%n", r.round(),
                    r.received(), r.selected(), r.aggregated() ? "" : " (below quorum)", pct(r.testAccuracy()),
                    r.testLoss(), Double.isNaN(r.meanLocalLoss()) ? "-"
                            : String.format(Locale.ROOT, "%.4f", r.meanLocalLoss()), r.uplinkBytes(),
                    r.roundSeconds()));
        }
        sb.append("\nFiles: `manifest.json`, `devices.jsonl`, `rounds.csv`, `rounds.jsonl`, `device-rounds.csv`, "
                + "`model.fqnn`.\n");
        return sb.toString();
    }

    static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f%%", 100 * v) : "-";
    }
}
