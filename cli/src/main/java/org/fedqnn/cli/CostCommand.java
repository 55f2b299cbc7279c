package org.fedqnn.cli;

import java.util.concurrent.Callable;
import org.fedqnn.qnn.cost.CostCounter;
import org.fedqnn.qnn.cost.CostTable;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.fedqnn.qnn.cost.NetworkCost;
import org.fedqnn.qnn.cost.TensorShape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fedqnn cost}: N_c, N_s, O_s per sample of a model spec, layer by layer. */
@Command(name = "cost", mixinStandardHelpOptions = true,
        description = "Counts MACs (N_c), weights (N_s) and intermediate outputs (O_s) per sample, "
                + "forward and backward, of a model spec on a real input shape.")
final class CostCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "Model spec: ${COMPLETION-CANDIDATES}.",
            completionCandidates = ModelNames.class)
    String model;

    @Option(names = "--input", defaultValue = "1x28x28",
            description = "Input shape CxHxW (default ${DEFAULT-VALUE}; 3x32x32 for CIFAR-10).")
    String input;

    @Override
    public Integer call() {
        NetworkCost cost = CostCounter.count(ModelSpecs.byName(model), parseShape(input));
        spec.commandLine().getOut().print(CostTable.format(cost));
        spec.commandLine().getOut().flush();
        return 0;
    }

    static TensorShape parseShape(String text) {
        String[] parts = text.toLowerCase(java.util.Locale.ROOT).split("x");
        if (parts.length != 3) {
            throw new IllegalArgumentException("--input must be CxHxW, e.g. 1x28x28, got '" + text + "'");
        }
        try {
            return new TensorShape(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                    Integer.parseInt(parts[2].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--input must be CxHxW with integers, got '" + text + "'", e);
        }
    }

    /** The model names, for help and completion. */
    static final class ModelNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ModelSpecs.names().iterator();
        }
    }
}
