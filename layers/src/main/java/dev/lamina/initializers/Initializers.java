package dev.lamina.initializers;

import dev.lamina.tensor.Rng;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keras' built-in initializers as factories ({@code Initializers.glorotUniform()}) and by name
 * ({@code Initializers.get("he_normal")}). Variance-scaling fans follow Keras: for kernels of rank > 2 the
 * receptive field multiplies both fans.
 */
public final class Initializers {
    private static final double TRUNC_STD = 0.87962566103423978;   // stddev of a unit normal truncated at ±2
    private static final List<String> NAMES = List.of("glorot_uniform", "glorot_normal", "he_normal", "he_uniform",
            "lecun_normal", "lecun_uniform", "random_normal", "random_uniform", "truncated_normal", "orthogonal",
            "constant", "zeros", "ones");

    private Initializers() {
    }

    public static Initializer glorotUniform() {
        return scaling("GlorotUniform", 1.0, "fan_avg", "uniform");
    }

    public static Initializer glorotNormal() {
        return scaling("GlorotNormal", 1.0, "fan_avg", "truncated_normal");
    }

    public static Initializer heNormal() {
        return scaling("HeNormal", 2.0, "fan_in", "truncated_normal");
    }

    public static Initializer heUniform() {
        return scaling("HeUniform", 2.0, "fan_in", "uniform");
    }

    public static Initializer lecunNormal() {
        return scaling("LecunNormal", 1.0, "fan_in", "truncated_normal");
    }

    public static Initializer lecunUniform() {
        return scaling("LecunUniform", 1.0, "fan_in", "uniform");
    }

    /**
     * Keras' {@code VarianceScaling}: variance {@code scale / fan} with {@code mode} fan_in, fan_out or fan_avg, drawn
     * from {@code distribution} truncated_normal ({@code normal} is tf.keras 2.x's name for it), untruncated_normal
     * or uniform.
     */
    public static Initializer varianceScaling(double scale, String mode, String distribution) {
        if (!(scale > 0)) throw new IllegalArgumentException("VarianceScaling: expected scale > 0, received scale=" + scale);
        if (!List.of("fan_in", "fan_out", "fan_avg").contains(mode)) {
            throw new IllegalArgumentException("VarianceScaling: expected mode fan_in, fan_out or fan_avg, received mode='" + mode + "'");
        }
        String d = "normal".equals(distribution) ? "truncated_normal" : distribution;
        if (!List.of("truncated_normal", "untruncated_normal", "uniform").contains(d)) {
            throw new IllegalArgumentException("VarianceScaling: expected distribution truncated_normal, untruncated_normal or uniform, received distribution='"
                    + distribution + "'");
        }
        return scaling("VarianceScaling", scale, mode, d);
    }

    public static Initializer randomNormal(double mean, double stddev) {
        return new Builtin("RandomNormal", Map.of("mean", mean, "stddev", stddev),
                (s, r) -> fill(s, () -> mean + stddev * r.nextGaussian()));
    }

    public static Initializer randomUniform(double minval, double maxval) {
        return new Builtin("RandomUniform", Map.of("minval", minval, "maxval", maxval),
                (s, r) -> fill(s, () -> minval + (maxval - minval) * r.nextDouble()));
    }

    public static Initializer truncatedNormal(double mean, double stddev) {
        return new Builtin("TruncatedNormal", Map.of("mean", mean, "stddev", stddev),
                (s, r) -> fill(s, () -> mean + stddev * truncated(r)));
    }

    /** A (semi-)orthogonal matrix over the last axis versus the rest, scaled by {@code gain}. */
    public static Initializer orthogonal(double gain) {
        return new Builtin("Orthogonal", Map.of("gain", gain), (s, r) -> Orthogonal.make(s, r, gain));
    }

    public static Initializer constant(double value) {
        return new Builtin("Constant", Map.of("value", value), (s, r) -> Tensor.full(s, (float) value));
    }

    public static Initializer zeros() {
        return new Builtin("Zeros", Map.of(), (s, r) -> Tensor.zeros(s));
    }

    public static Initializer ones() {
        return new Builtin("Ones", Map.of(), (s, r) -> Tensor.full(s, 1f));
    }

    /** By Keras identifier ({@code "glorot_uniform"}) or class name ({@code "GlorotUniform"}), with defaults. */
    public static Initializer get(String id) {
        String key = id.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        switch (key) {
            case "glorot_uniform": return glorotUniform();
            case "glorot_normal": return glorotNormal();
            case "he_normal": return heNormal();
            case "he_uniform": return heUniform();
            case "lecun_normal": return lecunNormal();
            case "lecun_uniform": return lecunUniform();
            case "random_normal": return randomNormal(0.0, 0.05);
            case "random_uniform": return randomUniform(-0.05, 0.05);
            case "truncated_normal": return truncatedNormal(0.0, 0.05);
            case "orthogonal": return orthogonal(1.0);
            case "zeros": return zeros();
            case "ones": return ones();
            case "constant": return constant(0.0);
            default: throw new IllegalArgumentException("Initializers: unknown initializer '" + id + "'; known: " + NAMES);
        }
    }

    /** Rebuilds an initializer from its class name and config (as written by {@link Initializer#getConfig()}). */
    public static Initializer fromConfig(String className, Map<String, Object> config) {
        ConfigReader r = ConfigReader.of(className + ".fromConfig", config);
        switch (className) {
            case "RandomNormal": return randomNormal(r.getDouble("mean", 0.0), r.getDouble("stddev", 0.05));
            case "RandomUniform": return randomUniform(r.getDouble("minval", -0.05), r.getDouble("maxval", 0.05));
            case "TruncatedNormal": return truncatedNormal(r.getDouble("mean", 0.0), r.getDouble("stddev", 0.05));
            case "Orthogonal": return orthogonal(r.getDouble("gain", 1.0));
            case "Constant": return constant(r.getDouble("value", 0.0));
            case "VarianceScaling":
                return varianceScaling(r.getDouble("scale", 1.0), r.getString("mode", "fan_in"), r.getString("distribution", "truncated_normal"));
            default: return get(className);
        }
    }

    private static Initializer scaling(String className, double scale, String mode, String distribution) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("scale", scale);
        cfg.put("mode", mode);
        cfg.put("distribution", distribution);
        return new Builtin(className, cfg, (s, r) -> {
            double[] fans = fans(s);
            double fan = mode.equals("fan_in") ? fans[0] : mode.equals("fan_out") ? fans[1] : (fans[0] + fans[1]) / 2;
            double var = scale / Math.max(1.0, fan);
            if (distribution.equals("uniform")) {
                double limit = Math.sqrt(3 * var);
                return fill(s, () -> -limit + 2 * limit * r.nextDouble());
            }
            if (distribution.equals("untruncated_normal")) {
                double std = Math.sqrt(var);
                return fill(s, () -> std * r.nextGaussian());
            }
            double std = Math.sqrt(var) / TRUNC_STD;
            return fill(s, () -> std * truncated(r));
        });
    }

    /** Keras' fan computation: {fan_in, fan_out}. */
    static double[] fans(Shape s) {
        if (s.rank() == 0) return new double[]{1, 1};
        if (s.rank() == 1) return new double[]{s.dim(0), s.dim(0)};
        if (s.rank() == 2) return new double[]{s.dim(0), s.dim(1)};
        double receptive = s.sizeTo(s.rank() - 2);
        return new double[]{s.dim(-2) * receptive, s.dim(-1) * receptive};
    }

    /** A unit normal deviate redrawn until it lies within two standard deviations. */
    private static double truncated(Rng r) {
        double v;
        do {
            v = r.nextGaussian();
        } while (Math.abs(v) > 2.0);
        return v;
    }

    private static Tensor fill(Shape s, java.util.function.DoubleSupplier f) {
        float[] d = new float[s.size()];
        for (int i = 0; i < d.length; i++) d[i] = (float) f.getAsDouble();
        return Tensor.of(d, s);
    }

    private static final class Builtin implements Initializer {
        private final String className;
        private final Map<String, Object> config;
        private final java.util.function.BiFunction<Shape, Rng, Tensor> fn;

        Builtin(String className, Map<String, Object> config, java.util.function.BiFunction<Shape, Rng, Tensor> fn) {
            this.className = className;
            this.config = config;
            this.fn = fn;
        }

        @Override
        public Tensor initialize(Shape shape, Rng rng) {
            return fn.apply(shape, rng);
        }

        @Override
        public String className() {
            return className;
        }

        @Override
        public Map<String, Object> getConfig() {
            return new LinkedHashMap<>(config);
        }

        @Override
        public String toString() {
            return className + config;
        }
    }
}
