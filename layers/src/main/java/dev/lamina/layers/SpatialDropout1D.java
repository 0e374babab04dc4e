package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * Keras' {@code SpatialDropout1D}: dropout of whole feature maps (channels) of a (batch, steps, channels) input, one mask cell per sample and channel, for
 * convolutional features where neighbouring values are strongly correlated.
 */
public final class SpatialDropout1D extends BaseDropout<SpatialDropout1D> {
    public SpatialDropout1D(double rate) {
        super("spatial_dropout1d", rate);
    }

    @Override
    protected int[] maskShape(Shape in) {
        ConvArgs.checkRank(this, in, 1, "(batch, steps, channels)");
        return new int[]{in.dim(0), 1, in.dim(2)};
    }

    /** Rebuilds a SpatialDropout1D from {@link #getConfig()}. */
    public static SpatialDropout1D fromConfig(Map<String, Object> config) {
        ConfigReader r = LayerConfigs.reader("SpatialDropout1D", config);
        return new SpatialDropout1D(r.requireDouble("rate")).configure(r);
    }
}
