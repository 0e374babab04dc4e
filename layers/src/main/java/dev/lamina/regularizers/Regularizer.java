package dev.lamina.regularizers;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.LinkedHashMap;
import java.util.Map;

/** A weight penalty added to the training loss: {@code l1 * sum(|w|) + l2 * sum(w^2)} (Keras' L1, L2, L1L2). */
public final class Regularizer {
    private final double l1;
    private final double l2;

    private Regularizer(double l1, double l2) {
        if (l1 < 0 || l2 < 0 || Double.isNaN(l1) || Double.isNaN(l2)) {
            throw new IllegalArgumentException("Regularizer: expected l1 >= 0 and l2 >= 0, received l1=" + l1 + ", l2=" + l2);
        }
        this.l1 = l1;
        this.l2 = l2;
    }

    public static Regularizer l1(double l1) {
        return new Regularizer(l1, 0);
    }

    public static Regularizer l2(double l2) {
        return new Regularizer(0, l2);
    }

    public static Regularizer l1l2(double l1, double l2) {
        return new Regularizer(l1, l2);
    }

    /** By Keras id with its default factor 0.01: {@code "l1"}, {@code "l2"}, {@code "l1_l2"}. */
    public static Regularizer get(String id) {
        switch (id) {
            case "l1": return l1(0.01);
            case "l2": return l2(0.01);
            case "l1_l2": return l1l2(0.01, 0.01);
            default: throw new IllegalArgumentException("Regularizer: unknown regularizer '" + id + "'; known: [l1, l2, l1_l2]");
        }
    }

    /** The differentiable penalty for {@code w}. */
    public Tensor penalty(Tensor w) {
        Tensor p = null;
        if (l1 > 0) p = Ops.multiply(ReduceOps.sum(Ops.abs(w)), (float) l1);
        if (l2 > 0) {
            Tensor q = Ops.multiply(ReduceOps.sum(Ops.square(w)), (float) l2);
            p = p == null ? q : Ops.add(p, q);
        }
        return p == null ? Tensor.scalar(0f) : p;
    }

    public String className() {
        return l1 > 0 && l2 > 0 ? "L1L2" : l1 > 0 ? "L1" : "L2";
    }

    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        if (l1 > 0 || className().equals("L1L2")) c.put("l1", l1);
        if (l2 > 0 || className().equals("L1L2")) c.put("l2", l2);
        return c;
    }

    public static Regularizer fromConfig(Map<String, Object> c) {
        ConfigReader r = ConfigReader.of("Regularizer.fromConfig", c);
        return new Regularizer(r.getDouble("l1", 0), r.getDouble("l2", 0));
    }
}
