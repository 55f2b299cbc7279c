package org.fedqnn.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fedqnn.qnn.Checks;
import org.fedqnn.qnn.cost.CostCounter;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.fedqnn.qnn.cost.NetworkCost;
import org.fedqnn.qnn.cost.NetworkSpec;
import org.fedqnn.qnn.cost.ReferenceNetworks;
import org.fedqnn.qnn.cost.TensorShape;
import org.fedqnn.qnn.energy.ComputeWorkload;

/**
 * The counts eq. (9) and eq. (21) need for one model, in the paper's convention (forward
 * counts of one sample per local iteration): from a named spec counted by
 * {@link CostCounter}, or typed in. Immutable and thread-safe.
 *
 * @param label     what the counts are of, for output
 * @param workload  N_c, N_s, O_s
 * @param modelSize d, the values in one update, at least 1
 */
record ModelCounts(String label, ComputeWorkload workload, long modelSize) {

    ModelCounts {
        Checks.notNull("ModelCounts.label", label);
        Checks.notNull("ModelCounts.workload", workload);
        Checks.atLeast("ModelCounts.modelSize", 1, modelSize);
    }

    /** Every model name {@link #named} knows: the project's specs and the reference networks. */
    static List<String> names() {
        List<String> names = new ArrayList<>(ModelSpecs.names());
        names.addAll(ReferenceNetworks.names());
        return names;
    }

    /** The spec called {@code name}, whichever catalogue holds it. */
    static NetworkSpec spec(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (ModelSpecs.names().contains(key)) {
            return ModelSpecs.byName(key);
        }
        if (ReferenceNetworks.names().contains(key)) {
            return ReferenceNetworks.byName(key);
        }
        throw new IllegalArgumentException("model name must be one of " + names() + ", got '" + name + "'");
    }

    /** The input a model is counted on unless told: CIFAR-10 for the paper's CNN (as the paper),
     *  MNIST for the MLP, ImageNet for the reference networks. */
    static TensorShape defaultInput(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (key.equals("paper-cnn")) {
            return ModelSpecs.CIFAR10_INPUT;
        }
        return ModelSpecs.names().contains(key) ? ModelSpecs.MNIST_INPUT : ReferenceNetworks.IMAGENET_INPUT;
    }

    /** The counts of spec {@code name} on {@code input}; d = N_s. */
    static ModelCounts named(String name, TensorShape input) {
        NetworkSpec spec = spec(name);
        NetworkCost cost = CostCounter.count(spec, input);
        return new ModelCounts(spec.name() + " on " + input, ComputeWorkload.paper(cost), cost.weights());
    }

    /** The counts of a counted network; d = N_s. */
    static ModelCounts of(NetworkCost cost) {
        return new ModelCounts(cost.network() + " on " + cost.input(), ComputeWorkload.paper(cost),
                cost.weights());
    }

    /** This model with another d (e.g. the paper's typed-in one). */
    ModelCounts withModelSize(long d) {
        return new ModelCounts(label, workload, d);
    }
}
