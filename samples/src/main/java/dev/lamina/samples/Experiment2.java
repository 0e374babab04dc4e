package dev.lamina.samples;

import dev.lamina.Lamina;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Input;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.losses.SparseCategoricalCrossentropy;
import dev.lamina.models.Model;
import dev.lamina.optimizers.RMSprop;
import dev.lamina.tensor.Tensor;
import dev.lamina.training.FitOptions;
import dev.lamina.training.History;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's Experiment 2: the same data weighted two ways to stress class 5, once with {@code class_weight}
 * and once with an equivalent {@code sample_weight}. Its {@link #getCompiledModel()} is the model of
 * Experiments 3 to 5 too.
 */
public final class Experiment2 {
    private Experiment2() {
    }

    public static void main(String[] args) {
        run(SampleArgs.defaults());
    }

    /** {@code get_uncompiled_model()}: digits -> dense_1 -> dense_2 -> predictions (10 logits). */
    public static Model getUncompiledModel() {
        SymbolicTensor inputs = Input.of("digits", 32);
        SymbolicTensor x = new Dense(64).activation("relu").name("dense_1").apply(inputs);
        x = new Dense(64).activation("relu").name("dense_2").apply(x);
        SymbolicTensor outputs = new Dense(10).name("predictions").apply(x);
        return Model.of(inputs, outputs);
    }

    /** {@code get_compiled_model()}: RMSprop(1e-3), sparse categorical cross-entropy on logits. */
    public static Model getCompiledModel() {
        Model model = getUncompiledModel();
        model.compile(new RMSprop(1e-3), new SparseCategoricalCrossentropy().fromLogits(true), "sparse_categorical_accuracy");
        return model;
    }

    /** Runs the experiment; returns the History of each fit, in order. */
    public static List<History> run(SampleArgs args) {
        SeedData.banner("Experiment 2: class weights and sample weights");
        Lamina.clearSession();
        Lamina.setRandomSeed(0);
        Tensor xTrain = SeedData.xTrain();
        Tensor yTrain = SeedData.yTrain();

        // class_weight = {0: 1., 1: 1., ..., 5: 2., ..., 9: 1.}
        Map<Integer, Double> classWeight = new LinkedHashMap<>();
        for (int c = 0; c < 10; c++) classWeight.put(c, c == 5 ? 2.0 : 1.0);
        System.out.println("Fit with class weight");
        Model model = getCompiledModel();
        History withClassWeight = model.fit(xTrain, yTrain, FitOptions.defaults().classWeight(classWeight).batchSize(64).epochs(args.epochs(4)));

        // sample_weight = np.ones(shape=(len(y_train),)); sample_weight[y_train == 5] = 2.
        float[] sampleWeight = new float[yTrain.size()];
        for (int i = 0; i < sampleWeight.length; i++) sampleWeight[i] = yTrain.get(i) == 5f ? 2f : 1f;
        System.out.println("\nFit with sample weight");
        model = getCompiledModel();
        History withSampleWeight = model.fit(xTrain, yTrain, FitOptions.defaults().sampleWeight(Tensor.of(sampleWeight, sampleWeight.length))
                .batchSize(64).epochs(args.epochs(4)));
        return List.of(withClassWeight, withSampleWeight);
    }
}
