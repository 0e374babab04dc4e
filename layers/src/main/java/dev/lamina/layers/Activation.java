package dev.lamina.layers;

import dev.lamina.activations.ActivationFunction;
import dev.lamina.activations.Activations;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.List;
import java.util.Map;

/** Keras' {@code Activation}: applies an activation function, by name ({@code "relu"}) or as an object. */
public final class Activation extends Layer {
    private final ActivationFunction activation;

    public Activation(String id) {
        this(Activations.get(id));
    }

    public Activation(ActivationFunction activation) {
        super("activation");
        if (activation == null) throw new IllegalArgumentException("Activation: expected an activation function, received null");
        this.activation = activation;
    }

    @Override
    public Activation name(String n) {
        super.name(n);
        return this;
    }

    public ActivationFunction activation() {
        return activation;
    }

    /** Any input shape: activations are elementwise (softmax acts on the last axis). */
    @Override
    protected void checkInput(Shape expected, Shape received) {
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        return List.of(in.get(0));
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return activation.apply(x);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("activation", activation.name());
        return c;
    }

    /** Rebuilds an Activation from {@link #getConfig()}. */
    public static Activation fromConfig(Map<String, Object> config) {
        ConfigReader r = LayerConfigs.reader("Activation", config);
        return LayerConfigs.restoreBase(new Activation(r.requireString("activation")), r);
    }

    /** Keras' supports_masking: the mask of the input passes to the output unchanged. */
    @Override
    public boolean supportsMasking() {
        return true;
    }
}
