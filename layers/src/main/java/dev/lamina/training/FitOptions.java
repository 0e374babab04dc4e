package dev.lamina.training;

import dev.lamina.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keyword arguments of Keras' {@code fit}, with Keras' defaults:
 * {@code FitOptions.defaults().batchSize(64).epochs(20).validationSplit(0.2).callbacks(es)}.
 * Validation data, like x and y, may be a Tensor, a list of tensors by position, or a map by name.
 */
public final class FitOptions {
    private int batchSize = 32;
    private int epochs = 1;
    private int verbose = 1;
    private final List<Callback> callbacks = new ArrayList<>();
    private double validationSplit;
    private Data validationX;
    private Data validationY;
    private Tensor validationSampleWeight;
    private Dataset validationDataset;
    private boolean shuffle = true;
    private Map<Integer, Double> classWeight;
    private Tensor sampleWeight;
    private int initialEpoch;
    private Integer stepsPerEpoch;
    private Integer validationSteps;
    private Integer validationBatchSize;
    private int validationFreq = 1;

    public static FitOptions defaults() {
        return new FitOptions();
    }

    public FitOptions batchSize(int v) {
        if (v <= 0) throw new IllegalArgumentException("fit: expected batch_size > 0, received batch_size=" + v);
        batchSize = v;
        return this;
    }

    public FitOptions epochs(int v) {
        if (v < 0) throw new IllegalArgumentException("fit: expected epochs >= 0, received epochs=" + v);
        epochs = v;
        return this;
    }

    /** 0 = silent, 1 = progress bar, 2 = one line per epoch. */
    public FitOptions verbose(int v) {
        if (v < 0 || v > 2) throw new IllegalArgumentException("fit: expected verbose in {0, 1, 2}, received verbose=" + v);
        verbose = v;
        return this;
    }

    public FitOptions callbacks(Callback... cbs) {
        callbacks.addAll(List.of(cbs));
        return this;
    }

    public FitOptions callbacks(List<? extends Callback> cbs) {
        callbacks.addAll(cbs);
        return this;
    }

    /** Holds out the last fraction of the arrays (before shuffling) for validation; not for datasets. */
    public FitOptions validationSplit(double v) {
        if (!(v >= 0 && v < 1)) throw new IllegalArgumentException("fit: expected validation_split in [0, 1), received validation_split=" + v);
        validationSplit = v;
        return this;
    }

    /** Validation inputs and targets; overrides validationSplit. */
    public FitOptions validationData(Tensor x, Tensor y) {
        return validationData(Data.of(x), Data.of(y), null);
    }

    /** Validation inputs and targets by position. */
    public FitOptions validationData(List<Tensor> x, List<Tensor> y) {
        return validationData(Data.of(x), Data.of(y), null);
    }

    /** Validation inputs and targets by input and output name. */
    public FitOptions validationData(Map<String, Tensor> x, Map<String, Tensor> y) {
        return validationData(Data.of(x), Data.of(y), null);
    }

    public FitOptions validationData(Data x, Data y) {
        return validationData(x, y, null);
    }

    public FitOptions validationData(Data x, Data y, Tensor sampleWeight) {
        if (x == null) throw new IllegalArgumentException("fit: expected validation x, received null");
        validationX = x;
        validationY = y;
        validationSampleWeight = sampleWeight;
        return this;
    }

    public FitOptions validationData(Dataset d) {
        validationDataset = d;
        return this;
    }

    public FitOptions shuffle(boolean v) {
        shuffle = v;
        return this;
    }

    /**
     * Class index to weight, for the training rows only (validation is unweighted, as in Keras); multiplied with any
     * sample weight, as tf.keras 2.x does. Keys must be classes of the output; fit checks them.
     */
    public FitOptions classWeight(Map<Integer, ? extends Number> v) {
        Map<Integer, Double> m = new LinkedHashMap<>();
        v.forEach((k, w) -> {
            if (k == null || w == null) throw new IllegalArgumentException("fit: expected class_weight as class index -> weight, received " + k + " -> " + w);
            m.put(k, w.doubleValue());
        });
        classWeight = m;
        return this;
    }

    public FitOptions sampleWeight(Tensor v) {
        sampleWeight = v;
        return this;
    }

    public FitOptions initialEpoch(int v) {
        if (v < 0) throw new IllegalArgumentException("fit: expected initial_epoch >= 0, received initial_epoch=" + v);
        initialEpoch = v;
        return this;
    }

    public FitOptions stepsPerEpoch(int v) {
        if (v <= 0) throw new IllegalArgumentException("fit: expected steps_per_epoch > 0, received steps_per_epoch=" + v);
        stepsPerEpoch = v;
        return this;
    }

    public FitOptions validationSteps(int v) {
        if (v <= 0) throw new IllegalArgumentException("fit: expected validation_steps > 0, received validation_steps=" + v);
        validationSteps = v;
        return this;
    }

    public FitOptions validationBatchSize(int v) {
        if (v <= 0) throw new IllegalArgumentException("fit: expected validation_batch_size > 0, received validation_batch_size=" + v);
        validationBatchSize = v;
        return this;
    }

    /** Validate every {@code v} epochs. */
    public FitOptions validationFreq(int v) {
        if (v <= 0) throw new IllegalArgumentException("fit: expected validation_freq > 0, received validation_freq=" + v);
        validationFreq = v;
        return this;
    }

    public int batchSize() {
        return batchSize;
    }

    public int epochs() {
        return epochs;
    }

    public int verbose() {
        return verbose;
    }

    public List<Callback> callbacks() {
        return Collections.unmodifiableList(callbacks);
    }

    public double validationSplit() {
        return validationSplit;
    }

    public Data validationX() {
        return validationX;
    }

    public Data validationY() {
        return validationY;
    }

    public Tensor validationSampleWeight() {
        return validationSampleWeight;
    }

    public Dataset validationDataset() {
        return validationDataset;
    }

    public boolean shuffle() {
        return shuffle;
    }

    public Map<Integer, Double> classWeight() {
        return classWeight;
    }

    public Tensor sampleWeight() {
        return sampleWeight;
    }

    public int initialEpoch() {
        return initialEpoch;
    }

    public Integer stepsPerEpoch() {
        return stepsPerEpoch;
    }

    public Integer validationSteps() {
        return validationSteps;
    }

    public int validationBatchSize() {
        return validationBatchSize == null ? batchSize : validationBatchSize;
    }

    public int validationFreq() {
        return validationFreq;
    }
}
