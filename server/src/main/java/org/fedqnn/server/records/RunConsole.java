package org.fedqnn.server.records;

import java.io.PrintWriter;
import java.util.Locale;
import org.fedqnn.qnn.train.Evaluation;
import org.fedqnn.server.measures.BoundPoint;

/** One readable line per round (and at start and end) on a console. Not thread-safe. */
public final class RunConsole implements RunListener {

    private final PrintWriter out;
    private final int maxRounds;

    public RunConsole(PrintWriter out, int maxRounds) {
        this.out = out;
        this.maxRounds = maxRounds;
    }

    @Override
    public void started(Evaluation initial, BoundPoint bound, double registrationSeconds) {
        out.printf(Locale.ROOT, "registered  all devices in %.1f s; initial test acc %s, loss %.4f; "
                        + "training loss %.4f, gap %.4f, paper bound %.4g%n", registrationSeconds,
                RunSummary.pct(initial.accuracy()),
                initial.meanLoss(), bound.trainingLoss(), bound.gap(), bound.paperBound());
        out.flush();
    }

    @Override
    public void roundEnded(RoundRecord r) {
        long perUpdate = r.received() == 0 ? 0 : r.uplinkBytes() / r.received();
        out.printf(Locale.ROOT, "round %3d/%d  K' %d/%d%s  eta %.4f  test acc %s  loss %s  local loss %s  "
                        + "up %,d B/update  gap %s (bound %.4g paper, %s est.)  %.3g J (%.3g J so far)  "
                        + "%.1f s (slowest device %s s, aggregation %.0f ms, eval %.1f s)%n",
                r.round() + 1, maxRounds, r.received(), r.selected(), extra(r), r.learningRate(),
                RunSummary.pct(r.testAccuracy()), RunSummary.f4(r.testLoss()),
                Double.isNaN(r.meanLocalLoss()) ? "-" : String.format(Locale.ROOT, "%.4f", r.meanLocalLoss()),
                perUpdate, RunSummary.f4(r.bound().gap()), r.bound().paperBound(),
                Double.isNaN(r.bound().estimatedBound()) ? "-"
                        : String.format(Locale.ROOT, "%.4g", r.bound().estimatedBound()),
                r.energy().totalJoules(), r.energy().cumulativeJoules(), r.roundSeconds(),
                Double.isNaN(r.slowestDeviceSeconds()) ? "-"
                        : String.format(Locale.ROOT, "%.1f", r.slowestDeviceSeconds()),
                1000 * r.aggregationSeconds(), r.evaluationSeconds());
        out.flush();
    }

    private static String extra(RoundRecord r) {
        StringBuilder sb = new StringBuilder();
        if (r.late() > 0) {
            sb.append(", ").append(r.late()).append(" late");
        }
        if (r.rejected() > 0) {
            sb.append(", ").append(r.rejected()).append(" rejected");
        }
        if (r.silent() > 0) {
            sb.append(", ").append(r.silent()).append(" silent");
        }
        if (!r.aggregated()) {
            sb.append(", below quorum: not aggregated");
        }
        return sb.toString();
    }

    @Override
    public void ended(RunOutcome o) {
        out.printf(Locale.ROOT, "run ended   %s after %d rounds (%d aggregated): final test acc %s, best %s, "
                        + "%,d uplink bytes, %.4g J (compute %.4g J, uplink %.4g J), %.1f s%n", o.reason(), o.rounds(),
                o.aggregations(), RunSummary.pct(o.finalAccuracy()), RunSummary.pct(o.bestAccuracy()), o.uplinkBytes(),
                o.energy().cumulativeJoules(), o.energy().cumulativeComputeJoules(),
                o.energy().cumulativeUplinkJoules(), o.wallSeconds());
        out.flush();
    }
}
