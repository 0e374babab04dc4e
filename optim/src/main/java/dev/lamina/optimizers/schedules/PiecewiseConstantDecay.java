package dev.lamina.optimizers.schedules;

import dev.lamina.tensor.io.ConfigReader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code values[0]} while {@code step <= boundaries[0]}, {@code values[i]} while
 * {@code boundaries[i-1] < step <= boundaries[i]}, {@code values[last]} after: a boundary step belongs to the earlier piece.
 */
public final class PiecewiseConstantDecay implements LearningRateSchedule {
    private final long[] boundaries;
    private final double[] values;
    private final String name;

    public PiecewiseConstantDecay(long[] boundaries, double[] values) {
        this(boundaries, values, "PiecewiseConstant");
    }

    private PiecewiseConstantDecay(long[] boundaries, double[] values, String name) {
        if (boundaries == null || values == null || boundaries.length != values.length - 1) {
            throw new IllegalArgumentException("PiecewiseConstantDecay: expected one more value than boundaries, received boundaries="
                    + Arrays.toString(boundaries) + " and values=" + Arrays.toString(values));
        }
        for (int i = 1; i < boundaries.length; i++) {
            if (boundaries[i] <= boundaries[i - 1]) {
                throw new IllegalArgumentException("PiecewiseConstantDecay: expected strictly increasing boundaries, received boundaries="
                        + Arrays.toString(boundaries));
            }
        }
        for (double v : values) Schedules.finite("PiecewiseConstantDecay", "values", v);
        this.boundaries = boundaries.clone();
        this.values = values.clone();
        this.name = name;
    }

    @Override
    public double at(long step) {
        for (int i = 0; i < boundaries.length; i++) if (step <= boundaries[i]) return values[i];
        return values[values.length - 1];
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        List<Object> b = new ArrayList<>();
        for (long x : boundaries) b.add(x);
        List<Object> v = new ArrayList<>();
        for (double x : values) v.add(x);
        c.put("boundaries", b);
        c.put("values", v);
        c.put("name", name);
        return c;
    }

    public static PiecewiseConstantDecay fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("PiecewiseConstantDecay", config);
        List<Number> b = r.getNumberList("boundaries");
        List<Number> v = r.getNumberList("values");
        long[] boundaries = new long[b.size()];
        // Keras casts boundaries to the step's integer type.
        for (int i = 0; i < boundaries.length; i++) boundaries[i] = b.get(i).longValue();
        double[] values = new double[v.size()];
        for (int i = 0; i < values.length; i++) values[i] = v.get(i).doubleValue();
        PiecewiseConstantDecay s = new PiecewiseConstantDecay(boundaries, values, r.getString("name", "PiecewiseConstant"));
        r.finish();
        return s;
    }

    @Override
    public String toString() {
        return "PiecewiseConstantDecay" + getConfig();
    }
}
