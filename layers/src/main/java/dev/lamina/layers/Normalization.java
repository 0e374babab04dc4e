package dev.lamina.layers;

import dev.lamina.initializers.Initializers;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;
import dev.lamina.tensor.io.ConfigReader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keras' {@code Normalization}: {@code (x - mean) / max(sqrt(variance), 1e-7)} with one mean and variance per
 * index of the kept {@code axis} (default -1, the features; an empty axis list keeps none: one scalar), or the
 * inverse {@code mean + x * max(sqrt(variance), 1e-7)} with {@code invert}. Either {@code mean} and
 * {@code variance} are given (then the layer has no weights, as in Keras), or they are Keras' non-trainable
 * weights {@code mean}, {@code variance} and {@code count} (a scalar), set by {@link #adapt(Tensor)}.
 */
public final class Normalization extends Layer {
    private static final float EPSILON = 1e-7f;
    private int[] axis;
    private float[] inputMean;
    private float[] inputVariance;
    private boolean invert;
    private int[] keep;
    private Shape statShape;
    private Shape broadcastShape;
    private Variable mean, variance, count;

    /** @param axis the kept axes; none given means Keras' default -1 */
    public Normalization(int... axis) {
        super("normalization");
        this.axis = axis.length == 0 ? new int[]{-1} : axis.clone();
    }

    /** A Normalization that keeps no axis (Keras' {@code axis=None}): one mean and variance over all values. */
    public static Normalization overAllAxes() {
        Normalization n = new Normalization();
        n.axis = new int[0];
        return n;
    }

    @Override
    public Normalization name(String n) {
        super.name(n);
        return this;
    }

    /** Fixed statistics: one value each (broadcast) or one per kept index; both or neither. */
    public Normalization meanAndVariance(float[] m, float[] v) {
        requireNotBuilt("mean");
        if ((m == null) != (v == null) || (m != null && m.length != v.length)) {
            throw new IllegalArgumentException("Normalization: expected mean and variance both given with the same length, or neither, received mean="
                    + Arrays.toString(m) + ", variance=" + Arrays.toString(v));
        }
        inputMean = m == null ? null : m.clone();
        inputVariance = v == null ? null : v.clone();
        return this;
    }

    public Normalization invert(boolean i) {
        requireNotBuilt("invert");
        invert = i;
        return this;
    }

    public Variable mean() {
        return mean;
    }

    public Variable variance() {
        return variance;
    }

    public Variable count() {
        return count;
    }

    @Override
    protected void build(Shape in) {
        int rank = in.rank();
        List<Integer> k = new ArrayList<>();
        for (int a : axis) {
            int p = a < 0 ? a + rank : a;
            if (p < 1 || p >= rank || k.contains(p)) {
                throw new IllegalArgumentException(ConvArgs.who(this) + ": expected distinct axes in [1, " + rank + ") or [-" + (rank - 1)
                        + ", -1], received axis=" + Arrays.toString(axis) + " for input shape " + in);
            }
            if (in.dim(p) == Shape.UNKNOWN) {
                throw new IllegalArgumentException(ConvArgs.who(this) + ": expected a known size on axis " + p + ", received input shape " + in);
            }
            k.add(p);
        }
        keep = k.stream().sorted().mapToInt(Integer::intValue).toArray();
        int[] stat = new int[keep.length], bc = new int[rank];
        Arrays.fill(bc, 1);
        for (int i = 0; i < keep.length; i++) bc[keep[i]] = stat[i] = in.dim(keep[i]);
        statShape = Shape.of(stat);
        broadcastShape = Shape.of(bc);
        if (inputMean == null) {
            mean = addWeight("mean", statShape, Initializers.zeros(), false, null);
            variance = addWeight("variance", statShape, Initializers.zeros(), false, null);
            variance.assign(Tensor.full(statShape, 1f));
            count = addWeight("count", Shape.of(), Initializers.zeros(), false, null);
        } else if (inputMean.length != 1 && inputMean.length != statShape.size()) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected mean and variance of 1 or " + statShape.size()
                    + " values for input shape " + in + ", received " + inputMean.length);
        }
    }

    /** Rank and the kept axes' sizes must match the built shape. */
    @Override
    protected void checkInput(Shape expected, Shape received) {
        boolean ok = expected.rank() == received.rank();
        for (int i = 0; ok && i < keep.length; i++) ok = received.dim(keep[i]) == expected.dim(keep[i]);
        if (!ok) throw new IllegalArgumentException(ConvArgs.who(this) + ": expected input shape like " + expected + ", received " + received);
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        return List.of(in.get(0));
    }

    /**
     * Sets {@code mean} and {@code variance} to the statistics of {@code data} over every axis but the kept ones
     * (the batch axis included), and {@code count} to the number of values each statistic covers. Builds the layer
     * for {@code data}'s shape when it is not built yet.
     */
    public void adapt(Tensor data) {
        if (inputMean != null) {
            throw new IllegalStateException(ConvArgs.who(this) + ": adapt is for a layer without fixed mean and variance; create it without meanAndVariance(...)");
        }
        if (!isBuilt()) forward(List.of(data), false);
        else checkInputs(List.of(data.shape()));
        int n = statShape.size(), cells = data.size() / Math.max(n, 1);
        double[] sum = new double[n], sq = new double[n];
        int[] idx = indexOfStat(data.shape());
        for (int i = 0; i < data.size(); i++) sum[idx[i]] += data.get(i);
        for (int s = 0; s < n; s++) sum[s] /= cells;
        for (int i = 0; i < data.size(); i++) {
            double d = data.get(i) - sum[idx[i]];
            sq[idx[i]] += d * d;
        }
        float[] m = new float[n], v = new float[n];
        for (int s = 0; s < n; s++) {
            m[s] = (float) sum[s];
            v[s] = (float) (sq[s] / cells);
        }
        mean.assign(Tensor.of(m, statShape));
        variance.assign(Tensor.of(v, statShape));
        count.assign(Tensor.scalar(cells));
    }

    /** For each flat index of a tensor of shape {@code s}, the flat index of its statistic. */
    private int[] indexOfStat(Shape s) {
        int[] out = new int[s.size()];
        int[] strides = s.strides();
        for (int i = 0; i < out.length; i++) {
            int idx = 0;
            for (int a : keep) idx = idx * s.dim(a) + (i / strides[a]) % s.dim(a);
            out[i] = idx;
        }
        return out;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        float[] m = mean != null ? mean.value().toFloatArray() : broadcast(inputMean);
        float[] v = variance != null ? variance.value().toFloatArray() : broadcast(inputVariance);
        float[] scale = new float[v.length];
        for (int i = 0; i < v.length; i++) scale[i] = Math.max((float) Math.sqrt(v[i]), EPSILON);
        Tensor mt = Tensor.of(m, broadcastShape), st = Tensor.of(scale, broadcastShape);
        return invert ? Ops.add(mt, Ops.multiply(x, st)) : Ops.divide(Ops.subtract(x, mt), st);
    }

    private float[] broadcast(float[] values) {
        if (values.length == statShape.size()) return values;
        float[] out = new float[statShape.size()];
        Arrays.fill(out, values[0]);
        return out;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", LayerConfigs.list(axis));
        c.put("invert", invert);
        c.put("mean", inputMean == null ? null : floats(inputMean));
        c.put("variance", inputVariance == null ? null : floats(inputVariance));
        return c;
    }

    private static List<Double> floats(float[] v) {
        List<Double> out = new ArrayList<>();
        for (float f : v) out.add((double) f);
        return out;
    }

    /** Rebuilds a Normalization from {@link #getConfig()}: axis an int, a list or null (none kept); mean/variance a number or a flat list. */
    public static Normalization fromConfig(Map<String, Object> config) {
        ConfigReader r = LayerConfigs.reader("Normalization", config);
        boolean axisGiven = config.containsKey("axis");
        int[] axis = config.get("axis") instanceof Number ? r.getInts("axis", 1) : r.getInts("axis", -1);
        Normalization n = !axisGiven ? new Normalization()
                : axis == null || axis.length == 0 ? overAllAxes() : new Normalization(axis);
        n.meanAndVariance(toFloats(r.getDoubles("mean")), toFloats(r.getDoubles("variance")));
        n.invert(r.getBoolean("invert", false));
        return LayerConfigs.restoreBase(n, r);
    }

    private static float[] toFloats(double[] v) {
        if (v == null) return null;
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) v[i];
        return out;
    }
}
