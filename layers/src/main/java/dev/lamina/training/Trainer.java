package dev.lamina.training;

import dev.lamina.Lamina;
import dev.lamina.losses.Loss;
import dev.lamina.metrics.Metric;
import dev.lamina.models.Model;
import dev.lamina.tensor.NoGrad;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;

/**
 * The one training loop behind {@code fit}, {@code evaluate}, {@code predict} and the batch forms, shared by Java,
 * the Kotlin coroutines and every callback. Semantics follow Keras: the epoch {@code loss} is the
 * batch-size-weighted mean of the step losses, metrics stream over the epoch, validation keys get {@code val_},
 * the stop flag is reset at every fit and checked after every batch.
 *
 * <p>Threads: {@code predict}, {@code evaluate} and the inference batch forms may run on several threads at once
 * and during a fit: each evaluate has its own metric state, and each inference batch sees one version of the
 * weights (a training step holds the model's weights lock for writing, an inference batch for reading). A second
 * {@code fit} or {@code train_on_batch} while one runs, or a {@code compile} during a fit, fails at once with an
 * IllegalStateException. The guarantee is per model object: a model used inside another is guarded by the one
 * being trained or called.
 */
public final class Trainer {
    private Trainer() {
    }

    // ---------------------------------------------------------------- fit

    /**
     * Fits on in-memory arrays (Tensor, list by position or map by name). Every array, the validation data included,
     * is checked before the first step ({@link DataChecks}); class weights apply to the training rows only, so
     * {@code val_loss} is what {@code evaluate} gives on the validation rows (Keras' rule).
     */
    public static History fit(Model model, Object x, Object y, FitOptions o) {
        Compiled c = requireCompiled(model, "fit");
        ModelGuard.beginTraining(model, "fit");
        try {
            return fitArrays(model, c, x, y, o);
        } finally {
            ModelGuard.endTraining(model);
        }
    }

    private static History fitArrays(Model model, Compiled c, Object x, Object y, FitOptions o) {
        buildFromData(model, x);
        List<Tensor> xs = DataAdapter.inputs(model, x);
        List<Tensor> ys = DataAdapter.targets(model, y);
        int n = DataChecks.check("fit", "", model, c, xs, ys, o.sampleWeight());
        if (o.classWeight() != null) {
            if (ys.size() != 1) throw new IllegalArgumentException("class_weight is only supported for models with a single output");
            DataAdapter.checkClassWeight(o.classWeight(), model.outputNames().get(0), model.outputs().get(0).shape().last());
        }
        Object valX = o.validationX(), valY = o.validationY();
        Tensor valSw = o.validationSampleWeight();
        List<Tensor> trainX = xs, trainY = ys;
        Tensor trainSw = o.sampleWeight();
        if (valX == null && o.validationSplit() > 0) {
            int at = DataAdapter.splitAt(n, o.validationSplit());
            trainX = slice(xs, 0, at);
            trainY = slice(ys, 0, at);
            valX = slice(xs, at, n);
            valY = slice(ys, at, n);
            valSw = trainSw == null ? null : Ops.slice(trainSw, at, n);
            trainSw = trainSw == null ? null : Ops.slice(trainSw, 0, at);
        } else if (valX != null) {
            DataChecks.check("fit", "validation ", model, c, DataAdapter.inputs(model, valX), DataAdapter.targets(model, valY), valSw);
        }
        if (o.classWeight() != null) trainSw = DataAdapter.classWeights(o.classWeight(), trainY.get(0), trainSw);
        ArrayDataset train = new ArrayDataset(trainX, trainY, trainSw, o.batchSize(), o.shuffle(), Lamina.nextSeed());
        Dataset validation = null;
        int valSamples = -1;
        if (valX != null) {
            List<Tensor> vx = DataAdapter.inputs(model, valX);
            List<Tensor> vy = DataAdapter.targets(model, valY);
            ArrayDataset v = new ArrayDataset(vx, vy, valSw, o.validationBatchSize(), false, 0);
            validation = v;
            valSamples = v.samples();
        } else if (o.validationDataset() != null) {
            validation = o.validationDataset();
        }
        return run(model, c, train, train.samples(), validation, valSamples, o);
    }

    /**
     * Fits on a dataset of {@code (x, y[, sample_weight])} batches; validation_split is not allowed. Arrays behind
     * {@link Dataset#fromTensors} and array validation data are checked up front; other datasets stream, so their
     * batches are checked as they come.
     */
    public static History fit(Model model, Dataset data, FitOptions o) {
        Compiled c = requireCompiled(model, "fit");
        ModelGuard.beginTraining(model, "fit");
        try {
            return fitDataset(model, c, data, o);
        } finally {
            ModelGuard.endTraining(model);
        }
    }

    private static History fitDataset(Model model, Compiled c, Dataset data, FitOptions o) {
        if (o.validationSplit() > 0) {
            throw new IllegalArgumentException("validation_split is only supported for array inputs, not for a Dataset; pass validationData instead");
        }
        if (o.classWeight() != null) throw new IllegalArgumentException("class_weight is only supported for array inputs; put weights in the dataset's sample_weight");
        if (data instanceof ArrayDataset) {
            ArrayDataset a = (ArrayDataset) data;
            buildFromData(model, a.x());
            DataChecks.check("fit", "", model, c, DataAdapter.inputs(model, a.x()), DataAdapter.targets(model, a.y()), a.sampleWeight());
        }
        Dataset validation = o.validationDataset();
        int valSamples = -1;
        if (o.validationX() != null) {
            List<Tensor> vx = DataAdapter.inputs(model, o.validationX()), vy = DataAdapter.targets(model, o.validationY());
            DataChecks.check("fit", "validation ", model, c, vx, vy, o.validationSampleWeight());
            validation = new ArrayDataset(vx, vy, o.validationSampleWeight(), o.validationBatchSize(), false, 0);
        }
        return run(model, c, data, -1, validation, valSamples, o);
    }

    private static History run(Model model, Compiled c, Dataset train, int samples, Dataset validation, int valSamples, FitOptions o) {
        long steps = o.stepsPerEpoch() != null ? o.stepsPerEpoch() : train.cardinality();
        History history = new History();
        List<Callback> cbs = new ArrayList<>(o.callbacks());
        cbs.add(history);
        if (cbs.stream().noneMatch(cb -> cb instanceof ProgbarLogger)) cbs.add(new ProgbarLogger());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("verbose", o.verbose());
        params.put("epochs", o.epochs());
        params.put("steps", steps < 0 ? null : steps);
        params.put("batch_size", o.batchSize());
        params.put("samples", samples < 0 || o.stepsPerEpoch() != null ? null : samples);
        params.put("validation_samples", valSamples < 0 ? null : valSamples);
        params.put("do_validation", validation != null);
        CallbackList callbacks = new CallbackList(cbs, model, params);

        model.setStopTraining(false);
        FitState state = FitState.begin(model, c, cbs, train, o.initialEpoch());   // may resume a checkpoint
        callbacks.trainBegin(Logs.empty());
        Logs epochLogs = Logs.empty();
        for (int epoch = state.epoch(); epoch < o.epochs(); epoch++) {
            c.resetState();
            callbacks.epochBegin(epoch, Logs.empty());
            Iterator<Batch> batches = state.beginEpoch(epoch, train);
            double lr = state.epochLearningRate();
            int step = state.batchesDone();
            while (batches.hasNext()) {
                Batch b = batches.next();
                if (o.stepsPerEpoch() != null && step >= o.stepsPerEpoch()) break;
                callbacks.trainBatchBegin(step, Logs.empty());
                if (!(train instanceof ArrayDataset)) {
                    buildFromData(model, b.x());
                    checkBatch("fit", "batch " + step + " of epoch " + (epoch + 1) + ": ", model, c, b);
                }
                trainStep(model, c, b);
                callbacks.trainBatchEnd(step, c.currentLogs());
                step++;
                state.batchCommitted(step);
                if (model.isStopTraining()) break;
            }
            epochLogs = c.currentLogs();
            if (validation != null && (epoch + 1) % o.validationFreq() == 0) {
                Logs val = evaluateDataset(model, c, validation, o.validationSteps(), callbacks);
                epochLogs = epochLogs.withAll(val.prefixed("val_"));
            }
            epochLogs = epochLogs.with("learning_rate", (float) lr);
            callbacks.epochEnd(epoch, epochLogs);
            state.epochCommitted();
            if (model.isStopTraining()) break;
        }
        callbacks.trainEnd(epochLogs);
        return history;
    }

    private static List<Tensor> slice(List<Tensor> ts, int from, int to) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : ts) out.add(t == null ? null : Ops.slice(t, from, to));
        return out;
    }

    /** One optimisation step on a batch; returns nothing, updates the trackers. */
    static void trainStep(Model model, Compiled c, Batch b) {
        buildFromData(model, b.x());
        List<Tensor> xs = DataAdapter.inputs(model, b.x());
        List<Tensor> ys = DataAdapter.targets(model, b.y());
        List<Tensor> preds;
        Tensor total;
        Lock write = ModelGuard.weightsLock(model).writeLock();     // once per batch: inference batches never see a half-applied step
        write.lock();
        try {
            preds = model.forwardAll(xs, true);
            total = totalLoss(model, c, ys, preds, b.sampleWeight(), true);
            List<Variable> vars = model.trainableWeights();
            c.optimizer().minimize(total, vars);   // gradients land in arrays kept per variable: no per-step allocation
        } finally {
            write.unlock();
        }
        updateMetrics(c, ys, preds, b.sampleWeight(), total, xs.get(0).shape().dim(0));
    }

    /** The compiled loss: Σ lossWeight·loss over outputs with a loss, plus regularization when training. */
    private static Tensor totalLoss(Model model, Compiled c, List<Tensor> ys, List<Tensor> preds, Tensor sw, boolean training) {
        Tensor total = null;
        int batch = preds.get(0).shape().dim(0);
        for (int i = 0; i < preds.size(); i++) {
            Loss loss = c.loss(i);
            if (loss == null) continue;
            Tensor li = loss.call(ys.get(i), preds.get(i), sw);
            c.outputLossTracker(i).update(li.item(), batch);
            Tensor weighted = c.lossWeight(i) == 1.0 ? li : Ops.multiply(li, (float) c.lossWeight(i));
            total = total == null ? weighted : Ops.add(total, weighted);
        }
        for (Tensor r : model.regularizationLosses()) total = Ops.add(total, r);
        return total;
    }

    private static void updateMetrics(Compiled c, List<Tensor> ys, List<Tensor> preds, Tensor sw, Tensor total, int batch) {
        c.lossTracker().update(total.item(), batch);
        c.resolveMetrics(ys, preds);
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = 0; i < preds.size(); i++) {
                if (ys.get(i) == null) continue;
                Tensor p = preds.get(i).detach();
                for (Metric m : c.metrics(i)) m.updateState(ys.get(i), p, null);
                for (Metric m : c.weightedMetrics(i)) m.updateState(ys.get(i), p, sw);
            }
        }
    }

    /** The up-front checks on one batch (a streamed dataset's, or the batch forms' only one). */
    private static void checkBatch(String call, String what, Model model, Compiled c, Batch b) {
        DataChecks.check(call, what, model, c, DataAdapter.inputs(model, b.x()), DataAdapter.targets(model, b.y()), b.sampleWeight());
    }

    /** Lets a model that defers its build (see {@link Model#buildFromData}) build from this data's input shapes. */
    static void buildFromData(Model model, Object x) {
        if (model.isGraphBuilt()) return;
        List<Shape> shapes = new ArrayList<>();
        Collection<?> parts = x instanceof Map ? ((Map<?, ?>) x).values() : x instanceof List ? (List<?>) x : Collections.singletonList(x);
        for (Object o : parts) if (o instanceof Tensor) shapes.add(((Tensor) o).shape());
        model.buildFromData(shapes);
    }

    static Compiled requireCompiled(Model model, String what) {
        Compiled c = model.compiled();
        if (c == null) {
            throw new IllegalStateException("Model '" + model.name() + "' is not compiled: call compile(optimizer, loss, metrics) before " + what + "(...)");
        }
        return c;
    }

    // ---------------------------------------------------------------- evaluate and predict

    /** Evaluates on arrays; returns the loss and every metric by name, in Keras' order. */
    public static Map<String, Double> evaluate(Model model, Object x, Object y, EvaluateOptions o) {
        Compiled c = requireCompiled(model, "evaluate");
        buildFromData(model, x);
        List<Tensor> xs = DataAdapter.inputs(model, x);
        List<Tensor> ys = DataAdapter.targets(model, y);
        DataChecks.check("evaluate", "", model, c, xs, ys, o.sampleWeight());
        ArrayDataset data = new ArrayDataset(xs, ys, o.sampleWeight(), o.batchSize(), false, 0);
        return evaluateWithCallbacks(model, c.withOwnState(), data, data.samples(), o);
    }

    public static Map<String, Double> evaluate(Model model, Dataset data, EvaluateOptions o) {
        return evaluateWithCallbacks(model, requireCompiled(model, "evaluate").withOwnState(), data, -1, o);
    }

    private static Map<String, Double> evaluateWithCallbacks(Model model, Compiled c, Dataset data, int samples, EvaluateOptions o) {
        List<Callback> cbs = new ArrayList<>(o.callbacks());
        if (cbs.stream().noneMatch(cb -> cb instanceof ProgbarLogger)) cbs.add(new ProgbarLogger());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("verbose", o.verbose());
        params.put("epochs", 1);
        Long steps = o.steps() != null ? Long.valueOf(o.steps()) : data.cardinality() < 0 ? null : Long.valueOf(data.cardinality());
        params.put("steps", steps);
        params.put("batch_size", o.batchSize());
        params.put("samples", samples < 0 ? null : samples);
        CallbackList callbacks = new CallbackList(cbs, model, params);
        return evaluateDataset(model, c, data, o.steps(), callbacks).asMap();
    }

    private static Logs evaluateDataset(Model model, Compiled c, Dataset data, Integer steps, CallbackList callbacks) {
        c.resetState();
        callbacks.testBegin(Logs.empty());
        int step = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            for (Batch b : data) {
                if (steps != null && step >= steps) break;
                callbacks.testBatchBegin(step, Logs.empty());
                testStep(model, c, b);
                callbacks.testBatchEnd(step, c.currentLogs());
                step++;
            }
        }
        Logs logs = c.currentLogs();
        callbacks.testEnd(logs);
        return logs;
    }

    static void testStep(Model model, Compiled c, Batch b) {
        buildFromData(model, b.x());
        List<Tensor> xs = DataAdapter.inputs(model, b.x());
        List<Tensor> ys = DataAdapter.targets(model, b.y());
        try (NoGrad ignored = NoGrad.enter()) {
            List<Tensor> preds = ModelGuard.forward(model, xs);
            Tensor total = totalLoss(model, c, ys, preds, b.sampleWeight(), false);
            updateMetrics(c, ys, preds, b.sampleWeight(), total, xs.get(0).shape().dim(0));
        }
    }

    /** Batched inference without gradients; one tensor per output, concatenated over batches. */
    public static List<Tensor> predict(Model model, Object x, int batchSize, List<Callback> userCallbacks) {
        buildFromData(model, x);
        List<Tensor> xs = DataAdapter.inputs(model, x);
        DataChecks.check("predict", "", model, null, xs, List.of(), null);
        ArrayDataset data = new ArrayDataset(xs, null, null, batchSize, false, 0);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("verbose", 0);
        params.put("steps", data.cardinality());
        CallbackList callbacks = new CallbackList(userCallbacks, model, params);
        callbacks.predictBegin(Logs.empty());
        List<List<Tensor>> parts = new ArrayList<>();
        int step = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            for (Batch b : data) {
                callbacks.predictBatchBegin(step, Logs.empty());
                parts.add(ModelGuard.forward(model, DataAdapter.inputs(model, b.x())));
                callbacks.predictBatchEnd(step, Logs.empty());
                step++;
            }
        }
        List<Tensor> out = new ArrayList<>();
        for (int k = 0; k < model.outputNames().size(); k++) {
            List<Tensor> pieces = new ArrayList<>();
            for (List<Tensor> p : parts) pieces.add(p.get(k));
            try (NoGrad ignored = NoGrad.enter()) {
                out.add(pieces.size() == 1 ? pieces.get(0) : Ops.concatenate(pieces, 0));
            }
        }
        callbacks.predictEnd(Logs.empty());
        return out;
    }

    // ---------------------------------------------------------------- batch forms

    /** One training step on one batch; returns the logs after it (metrics reset first, as Keras' default). */
    public static Map<String, Double> trainOnBatch(Model model, Object x, Object y, Tensor sampleWeight) {
        Compiled c = requireCompiled(model, "train_on_batch");
        ModelGuard.beginTraining(model, "train_on_batch");
        try {
            Batch b = Batch.of(x, y, sampleWeight);
            buildFromData(model, b.x());
            checkBatch("train_on_batch", "", model, c, b);
            c.resetState();
            trainStep(model, c, b);
            return c.currentLogs().asMap();
        } finally {
            ModelGuard.endTraining(model);
        }
    }

    public static Map<String, Double> testOnBatch(Model model, Object x, Object y, Tensor sampleWeight) {
        Compiled c = requireCompiled(model, "test_on_batch").withOwnState();
        Batch b = Batch.of(x, y, sampleWeight);
        buildFromData(model, b.x());
        checkBatch("test_on_batch", "", model, c, b);
        testStep(model, c, b);
        return c.currentLogs().asMap();
    }

    /** Inference on one batch; one tensor per output. */
    public static List<Tensor> predictOnBatch(Model model, Object x) {
        buildFromData(model, x);
        try (NoGrad ignored = NoGrad.enter()) {
            return ModelGuard.forward(model, DataAdapter.inputs(model, x));
        }
    }

    /** Resolves compile options against the model's outputs. */
    public static Compiled compile(Model model, CompileOptions o) {
        ModelGuard.requireNotTraining(model, "compile");
        return new Compiled(o, model.outputNames());
    }
}
