package dev.lamina.samples;

import dev.lamina.Lamina;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Input;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.losses.SparseCategoricalCrossentropy;
import dev.lamina.models.Model;
import dev.lamina.optimizers.Adam;
import dev.lamina.tensor.Tensor;
import dev.lamina.training.FitOptions;
import dev.lamina.training.History;

import java.util.List;
import java.util.Map;

/**
 * The seed's Experiment 1: a functional MLP (32 -> 64 relu -> 64 relu -> 10 logits), trained with
 * {@code validation_data}, then with {@code validation_split=0.2}, evaluated and asked for predictions.
 */
public final class Experiment1 {
    private Experiment1() {
    }

    public static void main(String[] args) {
        run(SampleArgs.defaults());
    }

    /** Runs the experiment; returns the History of each fit, in order. */
    public static List<History> run(SampleArgs args) {
        SeedData.banner("Experiment 1: functional model, fit / evaluate / predict");
        Lamina.clearSession();
        Lamina.setRandomSeed(0);
        SymbolicTensor inputs = Input.of(32);
        SymbolicTensor x = new Dense(64).activation("relu").apply(inputs);
        x = new Dense(64).activation("relu").apply(x);
        SymbolicTensor predictions = new Dense(10).apply(x);
        return train(Model.of(inputs, predictions), args);
    }

    /** Compiles, fits, evaluates and predicts as the seed does, whatever kind of model it is given. */
    static List<History> train(Model model, SampleArgs args) {
        model.compile(new Adam(0.001), new SparseCategoricalCrossentropy().fromLogits(true), "accuracy");
        Tensor xTrain = SeedData.xTrain();
        Tensor yTrain = SeedData.yTrain();
        Tensor xTest = SeedData.xTest();
        Tensor yTest = SeedData.yTest();

        // model.fit(x_train, y_train, batch_size=32, epochs=5, validation_data=(x_val, y_val))
        if (!model.isSubclassed()) model.summary();
        History first = model.fit(xTrain, yTrain, FitOptions.defaults().batchSize(32).epochs(args.epochs(5))
                .validationData(SeedData.xVal(), SeedData.yVal()));
        // model.fit(x_train, y_train, batch_size=64, validation_split=0.2, epochs=1)
        if (model.isSubclassed()) model.summary();     // a subclassed model has its layers once it has seen data
        History second = model.fit(xTrain, yTrain, FitOptions.defaults().batchSize(64).validationSplit(0.2).epochs(args.epochs(1)));

        System.out.println("\n# Evaluate on test data");
        Map<String, Double> results = model.evaluate(xTest, yTest, 128);
        System.out.println("test loss, test acc: " + results.values());

        System.out.println("\n# Generate predictions for 3 samples");
        Tensor first3 = model.predict(xTest.slice(0, 3));
        System.out.println("predictions shape: " + first3.shape());
        return List.of(first, second);
    }
}
