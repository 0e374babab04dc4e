package dev.lamina.training;

import dev.lamina.losses.Loss;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metric;
import dev.lamina.metrics.Metrics;
import dev.lamina.optimizers.Optimizers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compile configuration as JSON values, Keras' {@code compile_config}: the optimizer, the loss, loss weight,
 * metrics and weighted metrics of each output by position (null where an output has no loss), every object in its
 * registry's serialized form. {@link #fromConfig} rebuilds {@link CompileOptions} through the same registries
 * ({@link Optimizers}, {@link Losses}, {@link Metrics}), so it never instantiates a class that is not registered.
 */
public final class CompileConfig {
    private CompileConfig() {
    }

    /** The compile configuration of {@code c}, by output position. */
    public static Map<String, Object> toConfig(Compiled c) {
        int n = c.outputNames().size();
        List<Object> losses = new ArrayList<>(), weights = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            losses.add(c.loss(i) == null ? null : Losses.serialize(c.loss(i)));
            weights.add(c.lossWeight(i));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("optimizer", Optimizers.serialize(c.optimizer()));
        out.put("loss", losses);
        out.put("loss_weights", weights);
        out.put("metrics", specs(c.metricSpecs()));
        out.put("weighted_metrics", specs(c.weightedMetricSpecs()));
        return out;
    }

    private static List<Object> specs(List<List<Object>> perOutput) {
        List<Object> out = new ArrayList<>();
        for (List<Object> l : perOutput) {
            List<Object> one = new ArrayList<>();
            for (Object s : l) one.add(s instanceof Metric ? Metrics.serialize((Metric) s) : s);
            out.add(one);
        }
        return out;
    }

    /**
     * The compile options {@link #toConfig} describes for a model with {@code outputs} outputs; a bad value or an
     * unregistered class fails naming the key.
     */
    public static CompileOptions fromConfig(Object config, int outputs) {
        Map<String, Object> c = map(config, "compile_config");
        Object optimizer = Optimizers.deserialize(map(c.get("optimizer"), "compile_config.optimizer"));
        List<Object> losses = new ArrayList<>();
        for (Object l : list(c.get("loss"), "compile_config.loss", outputs)) {
            losses.add(l == null ? null : Losses.deserialize(map(l, "an entry of compile_config.loss")));
        }
        List<Object> weights = new ArrayList<>();
        for (Object w : list(c.get("loss_weights"), "compile_config.loss_weights", outputs)) {
            if (!(w instanceof Number)) throw new IllegalArgumentException("compile_config.loss_weights: expected numbers, received " + w);
            weights.add(((Number) w).doubleValue());
        }
        return CompileOptions.of(optimizer, losses).lossWeights(weights)
                .metrics(metrics(c.get("metrics"), "compile_config.metrics", outputs))
                .weightedMetrics(metrics(c.get("weighted_metrics"), "compile_config.weighted_metrics", outputs));
    }

    private static List<Object> metrics(Object spec, String key, int outputs) {
        List<Object> out = new ArrayList<>();
        for (Object perOutput : list(spec, key, outputs)) {
            List<Object> one = new ArrayList<>();
            for (Object m : list(perOutput, "an entry of " + key, -1)) {
                if (m instanceof String) one.add(m);
                else one.add(Metrics.deserialize(map(m, "an entry of " + key)));
            }
            out.add(one);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String key) {
        if (!(o instanceof Map)) throw new IllegalArgumentException(key + ": expected a JSON object, received " + brief(o));
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o, String key, int size) {
        if (!(o instanceof List) || (size >= 0 && ((List<?>) o).size() != size)) {
            throw new IllegalArgumentException(key + ": expected a JSON list" + (size >= 0 ? " of " + size + " (one per output)" : "")
                    + ", received " + brief(o));
        }
        return (List<Object>) o;
    }

    private static String brief(Object o) {
        String s = String.valueOf(o);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
