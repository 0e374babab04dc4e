package dev.lamina.layers;

import dev.lamina.Lamina;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keras' {@code Dropout(rate, noise_shape, seed)}: when training, zeroes each input element with probability
 * {@code rate} and scales the others by {@code 1 / (1 - rate)} (inverted dropout); at inference it is the
 * identity. With {@code noise_shape} the mask has that shape and is broadcast, e.g. {@code (-1, 1, 1, 1)} drops
 * whole samples (-1 is Keras' None: the input's size). The masks come from this layer's own generator, seeded once
 * (by {@link #seed(long)} or from {@link Lamina}'s session seed) and advancing with every training call, so a given
 * seed gives the same sequence of masks.
 */
public final class Dropout extends BaseDropout<Dropout> {
    private int[] noiseShape;

    public Dropout(double rate) {
        super("dropout", rate);
    }

    /** The mask's shape: per axis the input's size (-1), 1 (shared along that axis) or the input's size itself; null for elementwise. */
    public Dropout noiseShape(int... shape) {
        requireNotBuilt("noise_shape");
        if (shape != null) {
            for (int d : shape) {
                if (d < -1 || d == 0) throw new IllegalArgumentException("Dropout: expected noise_shape sizes >= 1 or -1 (None), received noise_shape=" + Arrays.toString(shape));
            }
        }
        noiseShape = shape == null ? null : shape.clone();
        return this;
    }

    public int[] noiseShape() {
        return noiseShape == null ? null : noiseShape.clone();
    }

    @Override
    protected int[] maskShape(Shape in) {
        if (noiseShape == null) return null;
        if (noiseShape.length != in.rank()) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected an input of rank " + noiseShape.length + " for noise_shape "
                    + Arrays.toString(noiseShape) + ", received " + in);
        }
        int[] m = new int[in.rank()];
        for (int i = 0; i < m.length; i++) {
            int d = in.dim(i);
            m[i] = noiseShape[i] == -1 ? d : noiseShape[i];
            if (noiseShape[i] > 1 && d != Shape.UNKNOWN && d != noiseShape[i]) {
                throw new IllegalArgumentException(ConvArgs.who(this) + ": expected noise_shape " + Arrays.toString(noiseShape)
                        + " to broadcast to the input shape, received " + in);
            }
        }
        return m;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        List<Integer> ns = null;
        if (noiseShape != null) {
            ns = new java.util.ArrayList<>();
            for (int d : noiseShape) ns.add(d == -1 ? null : d);
        }
        c.put("noise_shape", ns);
        return c;
    }

    /** Rebuilds a Dropout from {@link #getConfig()}; with a seed, the rebuilt layer draws the same masks. */
    public static Dropout fromConfig(Map<String, Object> config) {
        ConfigReader r = LayerConfigs.reader("Dropout", config);
        Dropout d = new Dropout(r.requireDouble("rate"));
        int[] ns = r.getInts("noise_shape", -1);
        if (ns != null) d.noiseShape(ns);
        return d.configure(r);
    }
}
