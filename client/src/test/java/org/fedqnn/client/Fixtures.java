package org.fedqnn.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fedqnn.datasets.Dataset;
import org.fedqnn.datasets.partition.IidPartitioner;
import org.fedqnn.datasets.tensor.Normalization;
import org.fedqnn.proto.convert.PartitionMessages;
import org.fedqnn.proto.v2.DataPartition;
import org.fedqnn.qnn.Rounding;
import org.fedqnn.qnn.cost.ModelSpecs;
import org.fedqnn.qnn.train.ClippedActivation;
import org.fedqnn.qnn.train.LayerPolicy;
import org.fedqnn.qnn.train.LayerScale;
import org.fedqnn.qnn.train.ModelDescription;
import org.fedqnn.qnn.train.Precision;
import org.fedqnn.qnn.train.QnnNetwork;

/** Real Fashion-MNIST, loaded once per test JVM, and a small real model. */
final class Fixtures {

    static final long SEED = 42;
    static final int DEVICES = 100;
    static final String DATASET = "fashion-mnist";

    /** The mlp with every layer quantized. */
    static final ModelDescription MLP = new ModelDescription("mlp", ModelSpecs.MNIST_INPUT, 10, LayerPolicy.ALL,
            ClippedActivation.RELU1, Rounding.STOCHASTIC, LayerScale.POW2, Normalization.UNIT_RANGE);
    /** The mlp with its first and last layer in float32. */
    static final ModelDescription MLP_FLOAT_EDGES = new ModelDescription("mlp", ModelSpecs.MNIST_INPUT, 10,
            LayerPolicy.FLOAT_FIRST_LAST, ClippedActivation.RELU1, Rounding.STOCHASTIC, LayerScale.POW2,
            Normalization.UNIT_RANGE);

    private static DeviceData data;

    private Fixtures() {
    }

    /** One DeviceData for all tests, so the data set is read once. */
    static synchronized DeviceData data() {
        if (data == null) {
            data = DeviceData.system(Optional.empty());
        }
        return data;
    }

    static Dataset dataset() {
        try {
            return data().dataset(DATASET);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The IID partition message of device {@code index} of {@link #DEVICES}, pinned to the local files. */
    static DataPartition iid(int index) {
        return PartitionMessages.toProto(new IidPartitioner(10), SEED, DEVICES, index, DATASET,
                dataset().fileSha256());
    }

    static DeviceShard shard(int index) {
        try {
            return data().shard(iid(index), Normalization.UNIT_RANGE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The initial weights of {@code model} at {@code precision}, from {@code seed}. */
    static List<float[]> weights(ModelDescription model, Precision precision, long seed) {
        QnnNetwork net = model.create(precision, seed);
        List<float[]> w = new ArrayList<>();
        for (int i = 0; i < net.parameters().size(); i++) {
            w.add(net.parameterValues(i));
        }
        return w;
    }
}
