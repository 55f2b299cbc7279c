package org.fedqnn.proto.convert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fedqnn.datasets.tensor.Normalization;
import org.fedqnn.proto.codec.TensorSpecs;
import org.fedqnn.proto.v2.ModelSpec;
import org.fedqnn.proto.v2.TensorSpec;
import org.fedqnn.qnn.Rounding;
import org.fedqnn.qnn.cost.TensorShape;
import org.fedqnn.qnn.train.ClippedActivation;
import org.fedqnn.qnn.train.LayerPolicy;
import org.fedqnn.qnn.train.LayerScale;
import org.fedqnn.qnn.train.ModelDescription;
import org.fedqnn.qnn.train.ParameterInfo;
import org.fedqnn.qnn.train.QnnNetwork;
import org.fedqnn.qnn.wire.ExpectedTensor;

/**
 * Converts a {@link ModelDescription} and its parameter list to and from {@link ModelSpec}, and
 * gives the tensor lists of tasks (w_t, float32) and updates (per tensor: the uplink precision
 * for the weights of quantized layers, float32 for layers kept in float). Stateless and
 * thread-safe.
 */
public final class ModelMessages {

    private ModelMessages() {}

    /** The message of {@code net}, described by {@code model}. */
    public static ModelSpec toProto(ModelDescription model, QnnNetwork net) {
        ModelSpec.Builder b = ModelSpec.newBuilder().setName(model.name())
                .addInputShape(model.input().channels()).addInputShape(model.input().height())
                .addInputShape(model.input().width()).setClassCount(model.classes())
                .setLayerPolicy(switch (model.layers()) {
                    case ALL -> org.fedqnn.proto.v2.LayerPolicy.LAYER_POLICY_ALL;
                    case FLOAT_FIRST_LAST -> org.fedqnn.proto.v2.LayerPolicy.LAYER_POLICY_FLOAT_FIRST_LAST;
                })
                .setActivation(switch (model.activation()) {
                    case RELU1 -> org.fedqnn.proto.v2.ClippedActivation.CLIPPED_ACTIVATION_RELU1;
                    case HARDTANH -> org.fedqnn.proto.v2.ClippedActivation.CLIPPED_ACTIVATION_HARDTANH;
                })
                .setActivationRounding(switch (model.rounding()) {
                    case STOCHASTIC -> org.fedqnn.proto.v2.Rounding.ROUNDING_STOCHASTIC;
                    case NEAREST -> org.fedqnn.proto.v2.Rounding.ROUNDING_NEAREST;
                })
                .setLayerScale(switch (model.layerScale()) {
                    case NONE -> org.fedqnn.proto.v2.LayerScale.LAYER_SCALE_NONE;
                    case POW2 -> org.fedqnn.proto.v2.LayerScale.LAYER_SCALE_POW2;
                })
                .setNormalization(switch (model.normalization()) {
                    case UNIT_RANGE -> org.fedqnn.proto.v2.Normalization.NORMALIZATION_UNIT_RANGE;
                    case STANDARDIZE -> org.fedqnn.proto.v2.Normalization.NORMALIZATION_STANDARDIZE;
                });
        for (ParameterInfo p : net.parameters()) {
            b.addParameters(TensorSpec.newBuilder().setName(p.name())
                    .addAllShape(Arrays.stream(p.shape()).boxed().toList()).build());
        }
        return b.build();
    }

    /**
     * The description a message carries.
     *
     * @throws MalformedMessageException naming the field when one is missing or illegal
     */
    public static ModelDescription fromProto(ModelSpec spec) {
        if (spec.getInputShapeCount() != 3) {
            throw new MalformedMessageException("ModelSpec.input_shape", "[channels, height, width]",
                    spec.getInputShapeList());
        }
        TensorShape input;
        try {
            input = new TensorShape(Math.toIntExact(spec.getInputShape(0)), Math.toIntExact(spec.getInputShape(1)),
                    Math.toIntExact(spec.getInputShape(2)));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new MalformedMessageException("ModelSpec.input_shape", "positive dimensions",
                    spec.getInputShapeList());
        }
        LayerPolicy layers = switch (spec.getLayerPolicy()) {
            case LAYER_POLICY_ALL -> LayerPolicy.ALL;
            case LAYER_POLICY_FLOAT_FIRST_LAST -> LayerPolicy.FLOAT_FIRST_LAST;
            default -> throw new MalformedMessageException("ModelSpec.layer_policy", "ALL or FLOAT_FIRST_LAST",
                    spec.getLayerPolicyValue());
        };
        ClippedActivation activation = switch (spec.getActivation()) {
            case CLIPPED_ACTIVATION_RELU1 -> ClippedActivation.RELU1;
            case CLIPPED_ACTIVATION_HARDTANH -> ClippedActivation.HARDTANH;
            default -> throw new MalformedMessageException("ModelSpec.activation", "RELU1 or HARDTANH",
                    spec.getActivationValue());
        };
        Rounding rounding = switch (spec.getActivationRounding()) {
            case ROUNDING_STOCHASTIC -> Rounding.STOCHASTIC;
            case ROUNDING_NEAREST -> Rounding.NEAREST;
            default -> throw new MalformedMessageException("ModelSpec.activation_rounding", "STOCHASTIC or NEAREST",
                    spec.getActivationRoundingValue());
        };
        LayerScale scale = switch (spec.getLayerScale()) {
            case LAYER_SCALE_NONE -> LayerScale.NONE;
            case LAYER_SCALE_POW2 -> LayerScale.POW2;
            default -> throw new MalformedMessageException("ModelSpec.layer_scale", "NONE or POW2",
                    spec.getLayerScaleValue());
        };
        Normalization normalization = switch (spec.getNormalization()) {
            case NORMALIZATION_UNIT_RANGE -> Normalization.UNIT_RANGE;
            case NORMALIZATION_STANDARDIZE -> Normalization.STANDARDIZE;
            default -> throw new MalformedMessageException("ModelSpec.normalization", "UNIT_RANGE or STANDARDIZE",
                    spec.getNormalizationValue());
        };
        try {
            return new ModelDescription(spec.getName(), input, spec.getClassCount(), layers, activation, rounding,
                    scale, normalization);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("ModelSpec", "a model this build knows (" + e.getMessage() + ")",
                    spec.getName());
        }
    }

    /**
     * Checks that {@code net} has exactly the parameters {@code spec} lists, in order.
     *
     * @throws MalformedMessageException naming the first difference
     */
    public static void checkParameters(ModelSpec spec, QnnNetwork net) {
        List<ParameterInfo> params = net.parameters();
        if (spec.getParametersCount() != params.size()) {
            throw new MalformedMessageException("ModelSpec.parameters", params.size() + " tensors",
                    spec.getParametersCount());
        }
        for (int i = 0; i < params.size(); i++) {
            TensorSpec t = spec.getParameters(i);
            ParameterInfo p = params.get(i);
            List<Long> shape = Arrays.stream(p.shape()).boxed().toList();
            if (!t.getName().equals(p.name()) || !t.getShapeList().equals(shape)) {
                throw new MalformedMessageException("ModelSpec.parameters[" + i + "]", p.name() + " " + shape,
                        t.getName() + " " + t.getShapeList());
            }
        }
    }

    /** The specs of {@code tensors}, as a task header lists them. */
    public static List<TensorSpec> specs(List<ExpectedTensor> tensors) {
        return tensors.stream().map(TensorSpecs::toSpec).toList();
    }

    /**
     * The expectations a task header lists.
     *
     * @throws MalformedMessageException when a spec is illegal or the list does not match the model
     */
    public static List<ExpectedTensor> expected(String field, List<TensorSpec> specs, ModelSpec model) {
        if (specs.size() != model.getParametersCount()) {
            throw new MalformedMessageException(field, model.getParametersCount() + " tensors", specs.size());
        }
        List<ExpectedTensor> list = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            TensorSpec s = specs.get(i);
            TensorSpec m = model.getParameters(i);
            if (!s.getName().equals(m.getName()) || !s.getShapeList().equals(m.getShapeList())) {
                throw new MalformedMessageException(field + "[" + i + "]", m.getName() + " " + m.getShapeList(),
                        s.getName() + " " + s.getShapeList());
            }
            try {
                list.add(new ExpectedTensor(s.getName(), s.getShapeList(), TensorSpecs.fromProto(s.getEncoding(),
                        s.getBits())));
            } catch (IllegalArgumentException e) {
                throw new MalformedMessageException(field + "[" + i + "]", "a legal tensor spec", e.getMessage());
            }
        }
        return list;
    }
}
