package dev.lamina.samples;

import dev.lamina.Lamina;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Input;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.losses.SparseCategoricalCrossentropy;
import dev.lamina.models.Model;
import dev.lamina.optimizers.Adam;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.training.FitOptions;

import java.util.Map;

/** Runs the seed's experiments; for now, Experiment 1 (functional MLP, fit, evaluate, predict). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Lamina.setRandomSeed(0);
        SymbolicTensor inputs = Input.of(32);
        SymbolicTensor x = new Dense(64).activation("relu").apply(inputs);
        x = new Dense(64).activation("relu").apply(x);
        SymbolicTensor predictions = new Dense(10).apply(x);
        Model model = Model.of(inputs, predictions);
        model.compile(new Adam(0.001), new SparseCategoricalCrossentropy().fromLogits(true), "accuracy");
        model.summary();

        Tensor xTrain = Tensor.uniform(Shape.of(1000, 32), 0f, 1f, 1);
        Tensor yTrain = Tensor.randint(Shape.of(1000), 10, 2);
        Tensor xVal = Tensor.uniform(Shape.of(200, 32), 0f, 1f, 3);
        Tensor yVal = Tensor.randint(Shape.of(200), 10, 4);
        Tensor xTest = Tensor.uniform(Shape.of(200, 32), 0f, 1f, 5);
        Tensor yTest = Tensor.randint(Shape.of(200), 10, 6);

        model.fit(xTrain, yTrain, FitOptions.defaults().batchSize(32).epochs(5).validationData(xVal, yVal));
        model.fit(xTrain, yTrain, FitOptions.defaults().batchSize(64).validationSplit(0.2).epochs(1));
        System.out.println("\n# Evaluate on test data");
        Map<String, Double> results = model.evaluate(xTest, yTest, 128);
        System.out.println("test loss, test acc: " + results.values());
        System.out.println("\n# Generate predictions for 3 samples");
        System.out.println("predictions shape: " + model.predict(xTest.slice(0, 3)).shape());
    }
}
