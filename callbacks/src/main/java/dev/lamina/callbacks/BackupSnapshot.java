package dev.lamina.callbacks;

import dev.lamina.Lamina;
import dev.lamina.layers.Layer;
import dev.lamina.layers.RandomLayer;
import dev.lamina.models.OptimizerStateFile;
import dev.lamina.models.SafeTensors;
import dev.lamina.optimizers.Optimizer;
import dev.lamina.optimizers.OptimizerState;
import dev.lamina.tensor.Rng;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;
import dev.lamina.tensor.io.AtomicFiles;
import dev.lamina.tensor.io.BoundedFiles;
import dev.lamina.tensor.io.ConfigReader;
import dev.lamina.tensor.io.Json;
import dev.lamina.training.Callback;
import dev.lamina.training.FitState;
import dev.lamina.training.StatefulCallback;
import dev.lamina.training.Trainable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One snapshot of a fit, in a directory: {@code weights.safetensors} (exactly {@code Model.saveWeights}' file),
 * {@code optimizer.safetensors} ({@link OptimizerStateFile}), {@code state.safetensors} (tensors held by callback
 * states, such as EarlyStopping's best weights) and {@code state.json}: the epoch and batch position, the learning
 * rate the epoch logs, the stop request, the shuffle seed, the session and layer generator states, the partial
 * epoch's metric accumulators and every {@link StatefulCallback}'s state (tensors replaced by
 * {@code {"$tensor": name}} references).
 */
final class BackupSnapshot {
    static final String FORMAT = "lamina-backup";
    static final int VERSION = 1;
    private static final String TENSOR_REF = "$tensor";
    /** Bounds on what a restore reads: the JSON is positions, seeds and metric accumulators, never weights. */
    private static final long MAX_JSON_BYTES = 64L << 20;
    private static final long HEADER_ROOM = 16L << 20;
    private static final String WHO = "BackupAndRestore";
    private static final System.Logger LOG = System.getLogger("dev.lamina.callbacks");

    private BackupSnapshot() {
    }

    // ---------------------------------------------------------------- save

    static void save(FitState s, Path dir) throws IOException {
        Trainable model = s.model();
        Optimizer opt = model.getOptimizer();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("version", VERSION);
        json.put("model", model.name());
        json.put("optimizer", opt.className());
        json.put("epoch", s.epoch());
        json.put("batches_done", s.batchesDone());
        json.put("epoch_learning_rate", s.epochLearningRate());
        json.put("stop_training", s.stopRequested());
        json.put("shuffle_seed", s.shuffleSeed());
        json.put("session_rng", ints(Lamina.randomState()));
        Map<String, Object> rngs = new LinkedHashMap<>();
        randomLayers(model, "", new LinkedHashMap<>()).forEach((k, r) -> rngs.put(k, ints(r.getState())));
        json.put("layer_rngs", rngs);
        Map<String, Object> metrics = new LinkedHashMap<>();
        s.metricState().forEach((k, vars) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            vars.forEach((name, values) -> m.put(name, doubles(values)));
            metrics.put(k, m);
        });
        json.put("metrics", metrics);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Object> cbs = new LinkedHashMap<>();
        statefulCallbacks(s.callbacks()).forEach((k, cb) -> cbs.put(k, encode(cb.state(), "callbacks/" + k, tensors, k)));
        json.put("callbacks", cbs);

        model.saveWeights(dir.resolve("weights.safetensors"));
        AtomicFiles.write(dir.resolve("optimizer.safetensors"), OptimizerStateFile.encode(opt.exportState()));
        AtomicFiles.write(dir.resolve("state.safetensors"), SafeTensors.write(tensors, Map.of("format", FORMAT)));
        AtomicFiles.write(dir.resolve("state.json"), Json.write(json).getBytes(StandardCharsets.UTF_8));
    }

    private static Object encode(Object v, String prefix, Map<String, Tensor> tensors, String owner) {
        if (v == null || v instanceof Boolean || v instanceof Number || v instanceof String) return v;
        if (v instanceof Tensor) {
            String name = prefix + "/" + tensors.size();
            tensors.put(name, ((Tensor) v).copy());
            return Map.of(TENSOR_REF, name);
        }
        if (v instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) out.put(String.valueOf(e.getKey()), encode(e.getValue(), prefix, tensors, owner));
            return out;
        }
        if (v instanceof Iterable) {
            List<Object> out = new ArrayList<>();
            for (Object o : (Iterable<?>) v) out.add(encode(o, prefix, tensors, owner));
            return out;
        }
        throw new IllegalArgumentException("BackupAndRestore: the state of callback " + owner + " holds a " + v.getClass().getSimpleName()
                + "; expected JSON values (null, Boolean, Number, String, List, Map) or Tensors");
    }

    // ---------------------------------------------------------------- restore

    /** Reads and checks the whole snapshot, then restores it into the fit; a bad snapshot changes nothing in the model. */
    static void restore(FitState s, Path dir) {
        Trainable model = s.model();
        Optimizer opt = model.getOptimizer();
        Path jsonFile = dir.resolve("state.json");
        long weightBytes = 0;
        for (Variable w : model.weights()) weightBytes += 4L * w.shape().size();
        Map<String, Object> json = readJson(jsonFile);
        Map<String, Tensor> tensors = SafeTensors.read(BoundedFiles.read(dir.resolve("state.safetensors"), stateTensorLimit(weightBytes, s), WHO),
                dir.resolve("state.safetensors").toString());
        OptimizerState optState = OptimizerStateFile.read(dir.resolve("optimizer.safetensors"), optimizerLimit(weightBytes));
        ConfigReader r = ConfigReader.ofState("BackupAndRestore: " + jsonFile + " is not a usable backup", json);
        Object format = r.raw("format", null);
        Object version = r.raw("version", null);
        if (!FORMAT.equals(format) || !Long.valueOf(VERSION).equals(version)) {
            throw r.error("expected format '" + FORMAT + "' version " + VERSION + ", received " + format + " version " + version);
        }
        if (model.weights().isEmpty()) {
            throw new IllegalStateException("BackupAndRestore: model '" + model.name() + "' has no weights yet; build it (give it an Input, "
                    + "or call it once) before fit() so that the backup in " + dir + " can be restored");
        }
        String optimizer = r.requireString("optimizer");
        if (!opt.className().equals(optimizer)) {
            throw r.error("the backup was written with optimizer " + optimizer + ", this fit uses " + opt.className());
        }
        int epoch = r.requireInt("epoch", 0);
        int batches = r.requireInt("batches_done", 0);
        double lr = r.requireDouble("epoch_learning_rate");
        boolean stop = r.requireBoolean("stop_training");
        Long seed = r.getNullableLong("shuffle_seed");
        int[] session = rngState(r, "session_rng");
        Map<String, Rng> layers = randomLayers(model, "", new LinkedHashMap<>());
        Map<String, int[]> layerStates = new LinkedHashMap<>();
        ConfigReader savedRngs = r.nested("layer_rngs");
        if (!savedRngs.keys().equals(layers.keySet())) {
            throw r.error("expected generator states for the model's random layers " + layers.keySet() + ", received " + savedRngs.keys());
        }
        for (String k : layers.keySet()) layerStates.put(k, rngState(savedRngs, k));
        Map<String, Map<String, double[]>> metrics = metrics(r.nested("metrics"));
        Map<String, Object> savedCbs = r.asMap(r.require("callbacks"), "callbacks");
        Map<String, StatefulCallback> cbs = statefulCallbacks(s.callbacks());
        Map<StatefulCallback, Map<String, Object>> cbStates = new LinkedHashMap<>();
        for (Map.Entry<String, StatefulCallback> e : cbs.entrySet()) {
            Object st = savedCbs.get(e.getKey());
            if (st instanceof Map) {
                cbStates.put(e.getValue(), castMap(decode(st, tensors, dir)));
            } else {
                LOG.log(System.Logger.Level.WARNING, "BackupAndRestore: the backup in " + dir + " has no state for callback " + e.getKey()
                        + "; it starts afresh");
            }
        }
        for (Object k : savedCbs.keySet()) {
            if (!cbs.containsKey(k)) LOG.log(System.Logger.Level.WARNING, "BackupAndRestore: ignoring the saved state of callback " + k + ", which this fit does not have");
        }

        // Everything is read and checked: now change the fit, undoing the model if a later step fails.
        List<Tensor> priorWeights = model.getWeights();
        OptimizerState priorOpt = opt.exportState();
        try {
            cbStates.forEach(StatefulCallback::restoreState);
            model.loadWeights(dir.resolve("weights.safetensors"));
            opt.importState(optState, model.trainableWeights());
        } catch (RuntimeException e) {
            cbStates.keySet().forEach(cb -> cb.restoreState(null));
            model.setWeights(priorWeights);
            opt.importState(priorOpt, model.trainableWeights());
            throw e;
        }
        layerStates.forEach((k, st) -> layers.get(k).setState(st));
        Lamina.setRandomState(session);
        s.resumeAt(epoch, batches, lr, stop, seed, metrics);
    }

    private static Object decode(Object v, Map<String, Tensor> tensors, Path dir) {
        if (v instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) v;
            if (m.size() == 1 && m.containsKey(TENSOR_REF)) {
                Tensor t = tensors.get(String.valueOf(m.get(TENSOR_REF)));
                if (t == null) throw new IllegalArgumentException("BackupAndRestore: " + dir + " refers to tensor " + m.get(TENSOR_REF) + ", which state.safetensors does not hold");
                return t;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), decode(x, tensors, dir)));
            return out;
        }
        if (v instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object o : (List<?>) v) out.add(decode(o, tensors, dir));
            return out;
        }
        return v;
    }

    // ---------------------------------------------------------------- shared

    /** Stateful callbacks by class name, {@code #1}, {@code #2}, ... for repeats, in call order. */
    static Map<String, StatefulCallback> statefulCallbacks(List<Callback> callbacks) {
        Map<String, StatefulCallback> out = new LinkedHashMap<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Callback cb : callbacks) {
            if (!(cb instanceof StatefulCallback)) continue;
            String base = cb.getClass().getSimpleName();
            int n = seen.merge(base, 1, Integer::sum) - 1;
            out.put(n == 0 ? base : base + "#" + n, (StatefulCallback) cb);
        }
        return out;
    }

    /** Every built random layer's generator, keyed by layer name (nested models and composite layers: {@code outer/inner}). */
    static Map<String, Rng> randomLayers(Trainable model, String prefix, Map<String, Rng> out) {
        return randomLayers(model.layers(), prefix, out);
    }

    private static Map<String, Rng> randomLayers(List<Layer> layers, String prefix, Map<String, Rng> out) {
        for (Layer l : layers) {
            String key = prefix.isEmpty() ? l.name() : prefix + "/" + l.name();
            if (l instanceof Trainable) randomLayers(((Trainable) l).layers(), key, out);
            else if (l instanceof RandomLayer && ((RandomLayer) l).generator() != null) out.put(key, ((RandomLayer) l).generator());
            else randomLayers(l.trackedLayers(), key, out);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    private static List<Integer> ints(int[] a) {
        List<Integer> l = new ArrayList<>(a.length);
        for (int v : a) l.add(v);
        return l;
    }

    private static List<Double> doubles(double[] a) {
        List<Double> l = new ArrayList<>(a.length);
        for (double v : a) l.add(v);
        return l;
    }

    /** A generator state, checked by loading it into a scratch generator. */
    private static int[] rngState(ConfigReader r, String key) {
        int[] a = r.requireIntList(key, Rng.STATE_SIZE);
        try {
            new Rng(0).setState(a);
        } catch (IllegalArgumentException e) {
            throw r.error("'" + key + "': " + e.getMessage());
        }
        return a;
    }

    /** {@code {tracker: {variable: [numbers]}}}. */
    private static Map<String, Map<String, double[]>> metrics(ConfigReader r) {
        Map<String, Map<String, double[]>> out = new LinkedHashMap<>();
        for (String tracker : r.keys()) {
            ConfigReader t = r.nested(tracker);
            Map<String, double[]> vars = new LinkedHashMap<>();
            for (String name : t.keys()) {
                List<Number> l = t.getNumberList(name);
                double[] d = new double[l.size()];
                for (int i = 0; i < d.length; i++) d[i] = l.get(i).doubleValue();
                vars.put(name, d);
            }
            out.put(tracker, vars);
        }
        return out;
    }

    /** Room for every stateful callback to hold twice the model's weights (EarlyStopping holds them once). */
    private static long stateTensorLimit(long weightBytes, FitState s) {
        return (1 + statefulCallbacks(s.callbacks()).size()) * 2 * weightBytes + HEADER_ROOM;
    }

    /** No optimizer keeps more than three slots per variable; one more for margin. */
    private static long optimizerLimit(long weightBytes) {
        return 4 * weightBytes + HEADER_ROOM;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readJson(Path p) {
        Object o;
        try {
            o = Json.parse(new String(BoundedFiles.read(p, MAX_JSON_BYTES, WHO), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("BackupAndRestore: " + p + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!(o instanceof Map)) throw new IllegalArgumentException("BackupAndRestore: " + p + " is not a JSON object");
        return (Map<String, Object>) o;
    }
}
