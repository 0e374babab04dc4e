package dev.lamina.callbacks;

import dev.lamina.Lamina;
import dev.lamina.layers.Layer;
import dev.lamina.layers.RandomLayer;
import dev.lamina.models.Model;
import dev.lamina.models.OptimizerStateFile;
import dev.lamina.models.SafeTensors;
import dev.lamina.optimizers.Optimizer;
import dev.lamina.optimizers.OptimizerState;
import dev.lamina.tensor.Rng;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.AtomicFiles;
import dev.lamina.tensor.io.IoErrors;
import dev.lamina.tensor.io.Json;
import dev.lamina.training.Callback;
import dev.lamina.training.FitState;
import dev.lamina.training.StatefulCallback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    private static final System.Logger LOG = System.getLogger("dev.lamina.callbacks");

    private BackupSnapshot() {
    }

    // ---------------------------------------------------------------- save

    static void save(FitState s, Path dir) throws IOException {
        Model model = s.model();
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
        Model model = s.model();
        Optimizer opt = model.getOptimizer();
        Map<String, Object> json = readJson(dir.resolve("state.json"));
        Map<String, Tensor> tensors = SafeTensors.read(readBytes(dir.resolve("state.safetensors")), dir.resolve("state.safetensors").toString());
        OptimizerState optState = OptimizerStateFile.read(dir.resolve("optimizer.safetensors"));
        StateReader r = new StateReader(json, dir.resolve("state.json"));
        if (!FORMAT.equals(json.get("format")) || r.integer("version") != VERSION) {
            throw r.bad("expected format '" + FORMAT + "' version " + VERSION + ", received " + json.get("format") + " version " + json.get("version"));
        }
        if (model.weights().isEmpty()) {
            throw new IllegalStateException("BackupAndRestore: model '" + model.name() + "' has no weights yet; build it (give it an Input, "
                    + "or call it once) before fit() so that the backup in " + dir + " can be restored");
        }
        if (!opt.className().equals(json.get("optimizer"))) {
            throw r.bad("the backup was written with optimizer " + json.get("optimizer") + ", this fit uses " + opt.className());
        }
        int epoch = r.integer("epoch");
        int batches = r.integer("batches_done");
        double lr = r.number("epoch_learning_rate");
        boolean stop = Boolean.TRUE.equals(json.get("stop_training"));
        Object seedValue = json.get("shuffle_seed");
        Long seed = seedValue == null ? null : r.integer64("shuffle_seed");
        int[] session = r.rngState("session_rng", json.get("session_rng"));
        Map<String, Rng> layers = randomLayers(model, "", new LinkedHashMap<>());
        Map<String, int[]> layerStates = new LinkedHashMap<>();
        Map<?, ?> savedRngs = r.map("layer_rngs");
        if (!savedRngs.keySet().equals(layers.keySet())) {
            throw r.bad("expected generator states for the model's random layers " + layers.keySet() + ", received " + savedRngs.keySet());
        }
        for (String k : layers.keySet()) layerStates.put(k, r.rngState("layer_rngs." + k, savedRngs.get(k)));
        Map<String, Map<String, double[]>> metrics = r.metrics("metrics");
        Map<?, ?> savedCbs = r.map("callbacks");
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

    /** Every built random layer's generator, keyed by layer name (nested models: {@code outer/inner}). */
    static Map<String, Rng> randomLayers(Model model, String prefix, Map<String, Rng> out) {
        for (Layer l : model.layers()) {
            String key = prefix.isEmpty() ? l.name() : prefix + "/" + l.name();
            if (l instanceof Model) randomLayers((Model) l, key, out);
            else if (l instanceof RandomLayer && ((RandomLayer) l).generator() != null) out.put(key, ((RandomLayer) l).generator());
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

    private static byte[] readBytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore: cannot read " + p + ": " + IoErrors.reason(e), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readJson(Path p) {
        Object o;
        try {
            o = Json.parse(new String(readBytes(p), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("BackupAndRestore: " + p + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!(o instanceof Map)) throw new IllegalArgumentException("BackupAndRestore: " + p + " is not a JSON object");
        return (Map<String, Object>) o;
    }
}
