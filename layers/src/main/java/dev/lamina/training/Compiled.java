package dev.lamina.training;

import dev.lamina.losses.Loss;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Direction;
import dev.lamina.metrics.Mean;
import dev.lamina.metrics.Metric;
import dev.lamina.metrics.Metrics;
import dev.lamina.optimizers.Optimizer;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's resolved compile configuration: the optimizer, each output's loss (or none), loss weight and
 * metrics, and the streaming trackers behind the logged {@code loss} and {@code <output>_loss}. Metric strings
 * such as {@code "accuracy"} are resolved at the first batch, when the target's shape is known (Keras' rule).
 */
public final class Compiled {
    private final Optimizer optimizer;
    private final List<String> outputNames;
    private final Loss[] losses;
    private final double[] lossWeights;
    private final List<List<Object>> metricSpecs;
    private final List<List<Object>> weightedSpecs;
    private List<List<Metric>> metrics;          // resolved lazily, per output
    private List<List<Metric>> weightedMetrics;
    private final Mean lossTracker = new Mean("loss");
    private final Mean[] outputLossTrackers;
    private final boolean checkFinite;

    Compiled(CompileOptions o, List<String> outputNames) {
        this.outputNames = List.copyOf(outputNames);
        int n = outputNames.size();
        this.optimizer = o.optimizer() instanceof Optimizer ? (Optimizer) o.optimizer() : Optimizers.get(String.valueOf(o.optimizer()));
        this.losses = resolveLosses(o.loss(), n);
        this.lossWeights = resolveWeights(o.lossWeights(), n);
        this.metricSpecs = perOutput("metrics", o.metrics(), n);
        this.weightedSpecs = perOutput("weighted_metrics", o.weightedMetrics(), n);
        checkMetricSpecs("metrics", metricSpecs);
        checkMetricSpecs("weighted_metrics", weightedSpecs);
        this.checkFinite = o.checkFinite();
        this.outputLossTrackers = new Mean[n];
        for (int i = 0; i < n; i++) outputLossTrackers[i] = new Mean(outputNames.get(i) + "_loss");
    }

    /** A copy for one call of evaluate: the same optimizer, losses and weights, its own trackers and metrics. */
    private Compiled(Compiled c) {
        this.optimizer = c.optimizer;
        this.outputNames = c.outputNames;
        this.losses = c.losses;
        this.lossWeights = c.lossWeights;
        this.metricSpecs = ownMetrics(c.metricSpecs);
        this.weightedSpecs = ownMetrics(c.weightedSpecs);
        this.checkFinite = c.checkFinite;
        this.outputLossTrackers = new Mean[outputNames.size()];
        for (int i = 0; i < outputLossTrackers.length; i++) outputLossTrackers[i] = new Mean(outputNames.get(i) + "_loss");
    }

    /**
     * This configuration with its own streamed state (metric strings resolved anew, Metric objects re-created from
     * their config), so that concurrent evaluate calls, and an evaluate during a fit, share no accumulator.
     */
    Compiled withOwnState() {
        return new Compiled(this);
    }

    private static List<List<Object>> ownMetrics(List<List<Object>> specs) {
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> l : specs) {
            List<Object> one = new ArrayList<>();
            for (Object s : l) one.add(s instanceof Metric ? copy((Metric) s) : s);
            out.add(one);
        }
        return out;
    }

    private static Metric copy(Metric m) {
        try {
            return Metrics.deserialize(Metrics.serialize(m));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("evaluate: metric '" + m.name() + "' (" + m.getClass().getName() + ") cannot be re-created from its"
                    + " config to get this call's own state; register its class with Metrics.register (" + e.getMessage() + ")", e);
        }
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public List<String> outputNames() {
        return outputNames;
    }

    /** The loss of output {@code i}, or null when that output is not trained. */
    public Loss loss(int i) {
        return losses[i];
    }

    public double lossWeight(int i) {
        return lossWeights[i];
    }

    /** Whether fit/evaluate/trainOnBatch/testOnBatch reject NaN and infinities in x, y and sample weights. */
    public boolean checkFinite() {
        return checkFinite;
    }

    private Loss[] resolveLosses(Object spec, int n) {
        Loss[] out = new Loss[n];
        if (spec == null) throw new IllegalArgumentException("compile: expected a loss, received none");
        if (spec instanceof List) {
            List<?> l = (List<?>) spec;
            if (l.size() != n) throw new IllegalArgumentException("compile: expected " + n + " losses (one per output " + outputNames + "), received " + l.size());
            for (int i = 0; i < n; i++) out[i] = toLoss(l.get(i));
        } else if (spec instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) spec;
            checkNames("loss", m);
            for (int i = 0; i < n; i++) out[i] = toLoss(m.get(outputNames.get(i)));
        } else {
            for (int i = 0; i < n; i++) out[i] = i == 0 ? toLoss(spec) : Losses.deserialize(Losses.serialize(toLoss(spec)));
        }
        boolean any = false;
        for (Loss l : out) any |= l != null;
        if (!any) throw new IllegalArgumentException("compile: expected a loss for at least one output of " + outputNames + ", received none");
        return out;
    }

    private static Loss toLoss(Object o) {
        if (o == null || o instanceof Loss) return (Loss) o;
        if (o instanceof String) return Losses.get((String) o);
        throw new IllegalArgumentException("compile: expected a Loss or a loss id, received " + o.getClass().getSimpleName());
    }

    private double[] resolveWeights(Object spec, int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0);
        if (spec == null) return w;
        if (spec instanceof List) {
            List<?> l = (List<?>) spec;
            if (l.size() != n) throw new IllegalArgumentException("compile: expected " + n + " loss_weights, received " + l.size());
            for (int i = 0; i < n; i++) w[i] = lossWeight(outputNames.get(i), l.get(i));
        } else if (spec instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) spec;
            checkNames("loss_weights", m);
            for (int i = 0; i < n; i++) {
                Object v = m.get(outputNames.get(i));
                if (v != null) w[i] = lossWeight(outputNames.get(i), v);
            }
        } else {
            throw new IllegalArgumentException("compile: expected loss_weights as a list or a map, received " + spec.getClass().getSimpleName());
        }
        return w;
    }

    private static double lossWeight(String output, Object v) {
        if (!(v instanceof Number)) {
            throw new IllegalArgumentException("compile: expected loss_weights to be numbers, received " + (v == null ? "null"
                    : v.getClass().getSimpleName() + " " + v) + " for output '" + output + "'");
        }
        double w = ((Number) v).doubleValue();
        if (!Double.isFinite(w)) throw new IllegalArgumentException("compile: expected finite loss_weights, received " + w + " for output '" + output + "'");
        return w;
    }

    /** Unknown metric strings and objects of other types fail here, before any weight changes (Keras' rule). */
    private void checkMetricSpecs(String arg, List<List<Object>> specs) {
        for (int i = 0; i < specs.size(); i++) {
            for (Object s : specs.get(i)) {
                String where = " in " + arg + (outputNames.size() > 1 ? " for output '" + outputNames.get(i) + "'" : "");
                if (s instanceof String && !Metrics.isKnown((String) s)) {
                    throw new IllegalArgumentException("compile: unknown metric '" + s + "'" + where + "; known identifiers: "
                            + String.join(", ", Metrics.knownIds()) + ", crossentropy, ce");
                }
                if (!(s instanceof String) && !(s instanceof Metric)) {
                    throw new IllegalArgumentException("compile: expected metrics as strings or Metric objects, received "
                            + (s == null ? "null" : s.getClass().getSimpleName() + " " + s) + where);
                }
            }
        }
    }

    private List<List<Object>> perOutput(String arg, Object spec, int n) {
        List<List<Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new ArrayList<>());
        if (spec == null) return out;
        if (spec instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) spec;
            checkNames(arg, m);
            for (int i = 0; i < n; i++) {
                Object v = m.get(outputNames.get(i));
                if (v instanceof List) out.get(i).addAll((List<?>) v);
                else if (v != null) out.get(i).add(v);
            }
            return out;
        }
        if (!(spec instanceof List)) {
            throw new IllegalArgumentException("compile: expected " + arg + " as a list or a map by output name, received " + spec.getClass().getSimpleName());
        }
        List<?> l = (List<?>) spec;
        boolean nested = !l.isEmpty() && l.stream().allMatch(e -> e == null || e instanceof List);
        if (nested) {
            if (l.size() != n) throw new IllegalArgumentException("compile: expected " + arg + " as " + n + " lists (one per output), received " + l.size());
            for (int i = 0; i < n; i++) if (l.get(i) != null) out.get(i).addAll((List<?>) l.get(i));
        } else {
            for (int i = 0; i < n; i++) out.get(i).addAll(l);    // every output gets every metric
        }
        return out;
    }

    private void checkNames(String arg, Map<?, ?> m) {
        for (Object k : m.keySet()) {
            if (!outputNames.contains(k)) {
                throw new IllegalArgumentException("compile: unknown output name '" + k + "' in " + arg + "; outputs: " + outputNames);
            }
        }
    }

    /** Resolves metric specs against the first batch's targets and predictions (once). */
    void resolveMetrics(List<Tensor> ys, List<Tensor> preds) {
        if (metrics != null) return;
        List<Shape> yShapes = new ArrayList<>(), predShapes = new ArrayList<>();
        for (Tensor t : ys) yShapes.add(t == null ? null : t.shape());
        for (Tensor t : preds) predShapes.add(t.shape());
        resolveMetricShapes(yShapes, predShapes);
    }

    /** Resolves the metric specs from target and prediction shapes (a resumed fit uses the model's output shapes). */
    void resolveMetricShapes(List<Shape> ys, List<Shape> preds) {
        if (metrics != null) return;
        metrics = resolve(metricSpecs, ys, preds, "");
        weightedMetrics = resolve(weightedSpecs, ys, preds, "weighted_");
    }

    private List<List<Metric>> resolve(List<List<Object>> specs, List<Shape> ys, List<Shape> preds, String prefix) {
        List<List<Metric>> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            List<Metric> ms = new ArrayList<>();
            for (Object s : specs.get(i)) {
                Metric m;
                if (s instanceof Metric) {
                    m = usedElsewhere(out, ms, (Metric) s) ? Metrics.deserialize(Metrics.serialize((Metric) s)) : (Metric) s;
                } else if (s instanceof String) {
                    if (ys.get(i) == null) continue;
                    m = Metrics.resolve((String) s, ys.get(i), preds.get(i), losses[i]);
                } else {
                    throw new IllegalArgumentException("compile: expected metrics as strings or Metric objects, received " + s);
                }
                ms.add(m);
            }
            out.add(ms);
        }
        return out;
    }

    private static boolean usedElsewhere(List<List<Metric>> done, List<Metric> current, Metric m) {
        for (List<Metric> l : done) if (l.contains(m)) return true;
        return current.contains(m);
    }

    /** The metrics as given to compile, per output (strings and Metric objects), for {@link CompileConfig}. */
    List<List<Object>> metricSpecs() {
        return metricSpecs;
    }

    List<List<Object>> weightedMetricSpecs() {
        return weightedSpecs;
    }

    boolean metricsResolved() {
        return metrics != null;
    }

    List<Metric> metrics(int output) {
        return metrics.get(output);
    }

    List<Metric> weightedMetrics(int output) {
        return weightedMetrics.get(output);
    }

    Mean lossTracker() {
        return lossTracker;
    }

    Mean outputLossTracker(int i) {
        return outputLossTrackers[i];
    }

    /** The loss trackers, then the compiled metrics once resolved (Keras' {@code model.metrics}). */
    List<Metric> allMetrics() {
        List<Metric> out = new ArrayList<>();
        out.add(lossTracker);
        out.addAll(List.of(outputLossTrackers));
        if (metrics != null) {
            for (List<Metric> l : metrics) out.addAll(l);
            for (List<Metric> l : weightedMetrics) out.addAll(l);
        }
        return out;
    }

    /** Resets every tracker and metric (start of an epoch or an evaluation). */
    void resetState() {
        lossTracker.resetState();
        for (Mean m : outputLossTrackers) m.resetState();
        if (metrics != null) {
            for (List<Metric> l : metrics) for (Metric m : l) m.resetState();
            for (List<Metric> l : weightedMetrics) for (Metric m : l) m.resetState();
        }
    }

    /** The current values in Keras' order: loss, per-output losses (several outputs), then metrics. */
    Logs currentLogs() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", lossTracker.result());
        int n = outputNames.size();
        if (n > 1) {
            for (int i = 0; i < n; i++) if (losses[i] != null) m.put(outputNames.get(i) + "_loss", outputLossTrackers[i].result());
        }
        if (metrics != null) {
            for (int i = 0; i < n; i++) {
                for (Metric x : metrics.get(i)) m.put(key(i, x.name()), x.result());
                for (Metric x : weightedMetrics.get(i)) {
                    String k = key(i, x.name());
                    m.put(m.containsKey(k) ? key(i, "weighted_" + x.name()) : k, x.result());
                }
            }
        }
        return Logs.of(m);
    }

    private String key(int output, String name) {
        return outputNames.size() > 1 ? outputNames.get(output) + "_" + name : name;
    }

    /** The declared direction of the metric behind a log key ({@code val_} stripped), or null if unknown. */
    public Direction direction(String logKey) {
        String k = logKey.startsWith("val_") ? logKey.substring(4) : logKey;
        if (k.equals("loss") || k.endsWith("_loss")) return Direction.DOWN;
        if (metrics == null) return null;
        for (int i = 0; i < outputNames.size(); i++) {
            for (Metric x : metrics.get(i)) if (key(i, x.name()).equals(k)) return x.direction();
            for (Metric x : weightedMetrics.get(i)) if (key(i, x.name()).equals(k) || key(i, "weighted_" + x.name()).equals(k)) return x.direction();
        }
        return null;
    }
}
