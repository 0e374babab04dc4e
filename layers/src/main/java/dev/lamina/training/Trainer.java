package dev.lamina.training;

import dev.lamina.tensor.NoGrad;
import dev.lamina.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code fit}, {@code evaluate}, {@code predict} and the batch forms of one model run: each call prepares its
 * data once ({@link FitData}, {@link DataChecks}) and hands resolved batches to one loop ({@link FitLoop},
 * {@link EvaluateLoop}, {@link PredictLoop}), which calls the model's step hooks.
 *
 * <p>Threads: {@code predict}, {@code evaluate} and the inference batch forms may run on several threads at once
 * and during a fit: each evaluate has its own metric state, and each inference batch sees one version of the
 * weights. A second {@code fit} or {@code train_on_batch} while one runs, or a {@code compile} during a fit, fails
 * at once with an IllegalStateException. The guarantee is per model object.
 */
public final class Trainer {
    private final Trainable model;

    public Trainer(Trainable model) {
        this.model = model;
    }

    /** Resolves compile options against the model's outputs. */
    public static Compiled compile(Trainable model, CompileOptions o) {
        ModelGuard.requireNotTraining(model, "compile");
        return new Compiled(o, model.outputNames());
    }

    /** Throws when the model is training: {@code what} (compile) must come before or after fit. */
    public static void requireNotTraining(Trainable model, String what) {
        ModelGuard.requireNotTraining(model, what);
    }

    /** Fits on in-memory arrays; every array, validation data included, is checked before the first step. */
    public History fit(Data x, Data y, FitOptions o) {
        build(x);
        return training("fit", c -> new FitLoop(model, c, o).run(FitData.ofArrays(model, c, x, y, o)));
    }

    /** Fits on a dataset of batches. */
    public History fit(Dataset data, FitOptions o) {
        build(data);
        return training("fit", c -> new FitLoop(model, c, o).run(FitData.ofDataset(model, c, data, o)));
    }

    /** One training step on one batch; returns the logs after it (metrics reset first, as Keras' default). */
    public Map<String, Double> trainOnBatch(Data x, Data y, Tensor sampleWeight) {
        build(x);
        return training("train_on_batch", c -> {
            Batch b = resolvedBatch("train_on_batch", c, x, y, sampleWeight);
            for (var m : model.metrics()) m.resetState();
            var write = ModelGuard.weightsLock(model).writeLock();
            write.lock();
            try {
                return model.trainStep(b).asMap();
            } finally {
                write.unlock();
            }
        });
    }

    /** Loss and metrics on arrays, by name in Keras' order. */
    public Map<String, Double> evaluate(Data x, Data y, EvaluateOptions o) {
        build(x);
        Compiled c = requireCompiled("evaluate").withOwnState();
        List<Tensor> xs = DataChecks.inputs("evaluate", "", model, x);
        List<Tensor> ys = DataChecks.targets("evaluate", "", model, y);
        DataChecks.check("evaluate", "", model, c, xs, ys, o.sampleWeight());
        ArrayDataset data = new ArrayDataset(Data.of(xs), Data.of(ys), o.sampleWeight(), o.batchSize(), false, 0);
        return evaluate(c, data, data.samples(), o);
    }

    /** Loss and metrics on a dataset: arrays are checked up front, streamed batches as they come. */
    public Map<String, Double> evaluate(Dataset data, EvaluateOptions o) {
        build(data);
        Compiled c = requireCompiled("evaluate").withOwnState();
        EpochData d = FitData.resolve("evaluate", "", model, c, data, false);
        return evaluate(c, d, d instanceof ArrayDataset ? ((ArrayDataset) d).samples() : -1, o);
    }

    private Map<String, Double> evaluate(Compiled c, EpochData data, int samples, EvaluateOptions o) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("verbose", o.verbose());
        params.put("epochs", 1);
        params.put("steps", o.steps() != null ? Long.valueOf(o.steps()) : data.cardinality() < 0 ? null : Long.valueOf(data.cardinality()));
        params.put("batch_size", o.batchSize());
        params.put("samples", samples < 0 ? null : samples);
        CallbackList callbacks = CallbackList.withProgress(o.callbacks(), model, params);
        return EvaluateLoop.run(model, c, data, o.steps(), callbacks).asMap();
    }

    /** Loss and metrics on one batch, with this call's own metric state. */
    public Map<String, Double> testOnBatch(Data x, Data y, Tensor sampleWeight) {
        build(x);
        Compiled c = requireCompiled("test_on_batch").withOwnState();
        Batch b = resolvedBatch("test_on_batch", c, x, y, sampleWeight);
        CallbackList none = new CallbackList(List.of(), model, Map.of());
        return EvaluateLoop.run(model, c, new ArrayDataset(b.x(), b.y(), sampleWeight, b.size(), false, 0), null, none).asMap();
    }

    /** Batched inference without gradients; one tensor per output, concatenated over batches. */
    public List<Tensor> predict(Data x, int batchSize, List<Callback> callbacks) {
        build(x);
        List<Tensor> xs = DataChecks.inputs("predict", "", model, x);
        DataChecks.check("predict", "", model, null, xs, List.of(), null);
        return predict(new ArrayDataset(Data.of(xs), null, null, batchSize, false, 0), callbacks);
    }

    /** Inference over a dataset's batches (their targets, if any, are ignored). */
    public List<Tensor> predict(Dataset data, List<Callback> callbacks) {
        build(data);
        return predict(FitData.resolve("predict", "", model, null, data, false), callbacks);
    }

    private List<Tensor> predict(EpochData data, List<Callback> userCallbacks) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("verbose", 0);
        params.put("steps", data.cardinality() < 0 ? null : data.cardinality());
        return PredictLoop.run(model, data, new CallbackList(userCallbacks, model, params));
    }

    /** Inference on one batch; one tensor per output. */
    public List<Tensor> predictOnBatch(Data x) {
        build(x);
        List<Tensor> xs = DataChecks.inputs("predict_on_batch", "", model, x);
        DataChecks.check("predict_on_batch", "", model, null, xs, List.of(), null);
        var read = ModelGuard.weightsLock(model).readLock();
        read.lock();
        try (NoGrad ignored = NoGrad.enter()) {
            return model.predictStep(new Batch(Data.of(xs), null, null));
        } finally {
            read.unlock();
        }
    }

    private Batch resolvedBatch(String call, Compiled c, Data x, Data y, Tensor sampleWeight) {
        List<Tensor> xs = DataChecks.inputs(call, "", model, x);
        List<Tensor> ys = DataChecks.targets(call, "", model, y);
        DataChecks.check(call, "", model, c, xs, ys, sampleWeight);
        return new Batch(Data.of(xs), Data.of(ys), sampleWeight);
    }

    /** Lets a model that defers its build (Sequential without an InputLayer, a subclassed model) build from the data. */
    private void build(Data x) {
        if (x != null && !model.isGraphBuilt()) model.buildFromData(x.shapes());
    }

    /** The same from a dataset's first batch, before anything else reads it. */
    private void build(Dataset data) {
        if (data == null || model.isGraphBuilt()) return;
        if (data instanceof ArrayDataset) {
            build(((ArrayDataset) data).x());
            return;
        }
        var it = data.iterator();
        if (it.hasNext()) {
            Batch first = it.next();
            if (first != null) build(first.x());
        }
    }

    private interface Run<T> {
        T run(Compiled c);
    }

    /** A training call: compiled, one at a time per model, with the model's own metric state in scope. */
    private <T> T training(String what, Run<T> body) {
        Compiled c = requireCompiled(what);
        ModelGuard.beginTraining(model, what);
        try (StepScope ignored = StepScope.enter(model, c)) {
            return body.run(c);
        } finally {
            ModelGuard.endTraining(model);
        }
    }

    private Compiled requireCompiled(String what) {
        Compiled c = model.compiled();
        if (c == null) {
            throw new IllegalStateException("Model '" + model.name() + "' is not compiled: call compile(optimizer, loss, metrics) before " + what + "(...)");
        }
        return c;
    }
}
