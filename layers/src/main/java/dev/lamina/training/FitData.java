package dev.lamina.training;

import dev.lamina.Lamina;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A fit's data, prepared once before the first step: resolved against the model's names, checked whole
 * ({@link DataChecks}), split for validation, weighted by class; streamed datasets are resolved and checked batch
 * by batch as they come ({@link ResolvedStream}). The loop then only iterates.
 */
final class FitData {
    final EpochData train;
    final int samples;             // -1 when streamed
    final EpochData validation;    // null without validation
    final int validationSamples;

    private FitData(EpochData train, int samples, EpochData validation, int validationSamples) {
        this.train = train;
        this.samples = samples;
        this.validation = validation;
        this.validationSamples = validationSamples;
    }

    /**
     * In-memory arrays; class weights apply to the training rows only, so {@code val_loss} is what evaluate gives on
     * the validation rows (Keras' rule).
     */
    static FitData ofArrays(Trainable model, Compiled c, Data x, Data y, FitOptions o) {
        List<Tensor> xs = DataChecks.inputs("fit", "", model, x);
        List<Tensor> ys = DataChecks.targets("fit", "", model, y);
        int n = DataChecks.check("fit", "", model, c, xs, ys, o.sampleWeight());
        if (o.classWeight() != null) {
            if (ys.size() != 1) throw new IllegalArgumentException("class_weight is only supported for models with a single output");
            DataRules.checkClassWeight(o.classWeight(), model.outputNames().get(0), model.outputShapes().get(0).last());
        }
        List<Tensor> trainX = xs, trainY = ys;
        Tensor trainSw = o.sampleWeight();
        ArrayDataset validation = null;
        if (o.validationX() == null && o.validationSplit() > 0) {
            int at = DataRules.splitAt(n, o.validationSplit());
            trainX = slice(xs, 0, at);
            trainY = slice(ys, 0, at);
            Tensor valSw = trainSw == null ? null : Ops.slice(trainSw, at, n);
            validation = new ArrayDataset(Data.of(slice(xs, at, n)), Data.of(slice(ys, at, n)), valSw, o.validationBatchSize(), false, 0);
            trainSw = trainSw == null ? null : Ops.slice(trainSw, 0, at);
        } else {
            validation = validationArrays(model, c, o);
        }
        EpochData valStream = validation != null ? validation : validationStream(model, c, o);
        if (o.classWeight() != null) trainSw = DataRules.classWeights(o.classWeight(), trainY.get(0), trainSw);
        ArrayDataset train = new ArrayDataset(Data.of(trainX), Data.of(trainY), trainSw, o.batchSize(), o.shuffle(), Lamina.nextSeed());
        return new FitData(train, train.samples(), valStream, validation != null ? validation.samples() : -1);
    }

    /**
     * A dataset of batches; validation_split and class_weight are not allowed. Arrays behind
     * {@link Dataset#fromTensors} are resolved and checked up front, other datasets as their batches come.
     */
    static FitData ofDataset(Trainable model, Compiled c, Dataset data, FitOptions o) {
        if (data == null) throw new IllegalArgumentException("fit: expected a Dataset, received null");
        if (o.validationSplit() > 0) {
            throw new IllegalArgumentException("validation_split is only supported for array inputs, not for a Dataset; pass validationData instead");
        }
        if (o.classWeight() != null) throw new IllegalArgumentException("class_weight is only supported for array inputs; put weights in the dataset's sample_weight");
        EpochData train = resolve("fit", "", model, c, data, true);
        ArrayDataset validation = validationArrays(model, c, o);
        EpochData valStream = validation != null ? validation : validationStream(model, c, o);
        return new FitData(train, -1, valStream, validation != null ? validation.samples() : -1);
    }

    /** A dataset resolved for {@code call}: arrays at once (checked whole), a stream batch by batch. */
    static EpochData resolve(String call, String what, Trainable model, Compiled c, Dataset data, boolean namesEpoch) {
        if (data instanceof ArrayDataset) {
            ArrayDataset a = (ArrayDataset) data;
            ArrayDataset r = a.resolve(call, what, model);
            DataChecks.check(call, what, model, c, r.x().list(), r.y().list(), r.sampleWeight());
            return r;
        }
        return new ResolvedStream(data, model, c, call, what, namesEpoch);
    }

    private static ArrayDataset validationArrays(Trainable model, Compiled c, FitOptions o) {
        if (o.validationX() == null) return null;
        List<Tensor> vx = DataChecks.inputs("fit", "validation ", model, o.validationX());
        List<Tensor> vy = DataChecks.targets("fit", "validation ", model, o.validationY());
        DataChecks.check("fit", "validation ", model, c, vx, vy, o.validationSampleWeight());
        return new ArrayDataset(Data.of(vx), Data.of(vy), o.validationSampleWeight(), o.validationBatchSize(), false, 0);
    }

    private static EpochData validationStream(Trainable model, Compiled c, FitOptions o) {
        return o.validationDataset() == null ? null : resolve("fit", "validation ", model, c, o.validationDataset(), false);
    }

    private static List<Tensor> slice(List<Tensor> ts, int from, int to) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : ts) out.add(t == null ? null : Ops.slice(t, from, to));
        return out;
    }
}
