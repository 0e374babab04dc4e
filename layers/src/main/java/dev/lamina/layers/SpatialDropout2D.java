package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * Keras' {@code SpatialDropout2D}: dropout of whole feature maps (channels) of an NHWC input, one mask cell per sample and channel, for
 * convolutional features where neighbouring values are strongly correlated.
 */
public final class SpatialDropout2D extends BaseDropout<SpatialDropout2D> {
    public SpatialDropout2D(double rate) {
        super("spatial_dropout2d", rate);
    }

    @Override
    protected int[] maskShape(Shape in) {
        ConvArgs.checkRank(this, in, 2, "(batch, height, width, channels)");
        return new int[]{in.dim(0), 1, 1, in.dim(3)};
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("data_format", ConvArgs.CHANNELS_LAST);
        return c;
    }

    /** Rebuilds a SpatialDropout2D from {@link #getConfig()}. */
    public static SpatialDropout2D fromConfig(Map<String, Object> config) {
        ConvArgs.channelsLast("SpatialDropout2D", config);
        ConfigReader r = LayerConfigs.reader("SpatialDropout2D", config);
        return new SpatialDropout2D(r.requireDouble("rate")).configure(r);
    }
}
