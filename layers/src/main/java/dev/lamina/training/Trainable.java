package dev.lamina.training;

import dev.lamina.layers.Layer;
import dev.lamina.metrics.Metric;
import dev.lamina.optimizers.Optimizer;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;

import java.nio.file.Path;
import java.util.List;

/**
 * What the training loop, its data preparation and the callbacks see of a model: its names and shapes, its
 * compiled configuration, Keras' step hooks, its weights and files. {@link dev.lamina.models.Model} implements
 * it; the loop depends on nothing else, so this package never imports the models.
 */
public interface Trainable {
    String name();

    /** Input names by position (what data by name is matched against). */
    List<String> inputNames();

    /** Output names by position. */
    List<String> outputNames();

    /** Output shapes (batch dimension unknown), by position; known once the model is built. */
    List<Shape> outputShapes();

    /** True once the model knows its inputs and outputs. */
    boolean isGraphBuilt();

    /** Builds a model that defers its build from the shapes of its first data, batch dimension included. */
    void buildFromData(List<Shape> inputShapes);

    /** Checks one concrete input shape against input {@code index}; throws naming it. */
    void checkInputShape(int index, Shape received);

    /** Checks a whole input array's values against the layers it feeds (Embedding: indices in range). */
    void checkInputData(int input, Tensor data);

    /** The resolved compile configuration, or null before compile (or before a deferred model is built). */
    Compiled compiled();

    boolean isCompiled();

    Optimizer getOptimizer();

    void setStopTraining(boolean stop);

    boolean isStopTraining();

    /** Keras' {@code train_step}: one optimisation step on a resolved batch; returns the logs after it. */
    Logs trainStep(Batch batch);

    /** Keras' {@code test_step}: loss and metrics on a resolved batch, no update; returns the logs after it. */
    Logs testStep(Batch batch);

    /** Keras' {@code predict_step}: the outputs for a resolved batch, by position. */
    List<Tensor> predictStep(Batch batch);

    /**
     * Keras' {@code compute_loss}: the scalar loss of a batch (the compiled losses, weighted, plus regularization);
     * {@code x} is there for models whose loss needs the inputs.
     */
    Tensor computeLoss(List<Tensor> x, List<Tensor> y, List<Tensor> yPred, Tensor sampleWeight, boolean training);

    /** Keras' {@code compute_metrics}: updates the metrics with a batch; returns the logs after it. */
    Logs computeMetrics(List<Tensor> x, List<Tensor> y, List<Tensor> yPred, Tensor sampleWeight);

    /** The metrics the loop resets at each epoch and evaluation (Keras' {@code model.metrics}). */
    List<Metric> metrics();

    /** Runs the model on concrete inputs by position; outputs by position. */
    List<Tensor> forwardAll(List<Tensor> inputs, boolean training);

    List<Layer> layers();

    List<Variable> weights();

    List<Variable> trainableWeights();

    List<Tensor> regularizationLosses();

    List<Tensor> getWeights();

    void setWeights(List<Tensor> values);

    void save(Path path);

    void saveWeights(Path path);

    void loadWeights(Path path);
}
