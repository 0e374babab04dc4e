package dev.lamina.samples;

import dev.lamina.Lamina;
import dev.lamina.callbacks.CSVLogger;
import dev.lamina.callbacks.TensorBoard;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.Input;
import dev.lamina.layers.MaxPooling2D;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.losses.SparseCategoricalCrossentropy;
import dev.lamina.models.Model;
import dev.lamina.optimizers.Adam;
import dev.lamina.tensor.Tensor;
import dev.lamina.training.Callback;
import dev.lamina.training.FitOptions;
import dev.lamina.training.History;
import dev.lamina.utils.plot.PlotModel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Real data: the bundled 8x8 handwritten digits, split 80/20 per class. Trains an MLP (64 -> 64 relu -> 64 relu
 * -> 10) and a small CNN on the images as (8, 8, 1), validating on the test split, and writes for each a CSV log
 * of the epochs, a plot of the model and a chart of the training history to {@code <output>/digits/}, and TensorBoard
 * event files of the MLP run to {@code <output>/digits/logs/mlp/{train,validation}}.
 */
public final class DigitsExample {
    static final int MLP_EPOCHS = 30;
    static final int CNN_EPOCHS = 20;

    private DigitsExample() {
    }

    public static void main(String[] args) {
        run(SampleArgs.defaults());
    }

    public static void run(SampleArgs args) {
        trainAndEvaluate(args);
    }

    /** Runs the example; returns the test accuracy of each model, keyed "mlp" and "cnn". */
    public static Map<String, Double> trainAndEvaluate(SampleArgs args) {
        SeedData.banner("Digits: an MLP and a small CNN on 8x8 handwritten digits");
        DigitsData data = DigitsData.load(0);
        System.out.printf(Locale.ROOT, "Digits: %d training and %d test images of 8x8 pixels, scaled to [0, 1]%n",
                data.xTrain().shape().dim(0), data.xTest().shape().dim(0));
        Path dir = args.dir("digits");
        Map<String, Double> accuracy = new LinkedHashMap<>();

        System.out.println("\n# MLP: 64 -> Dense(64, relu) -> Dense(64, relu) -> Dense(10)");
        Lamina.clearSession();
        Lamina.setRandomSeed(0);
        Model mlp = mlp();
        accuracy.put("mlp", trainOne(mlp, "mlp", "Digits MLP (64-64-10)", data.xTrain(), data.xTest(), data, args.epochs(MLP_EPOCHS), dir, true));

        System.out.println("\n# CNN: (8, 8, 1) -> Conv2D(16) -> MaxPooling2D -> Conv2D(32) -> Flatten -> Dense(10)");
        Lamina.clearSession();
        Lamina.setRandomSeed(0);
        Model cnn = cnn();
        accuracy.put("cnn", trainOne(cnn, "cnn", "Digits CNN (8x8x1 images)", DigitsData.asImages(data.xTrain()),
                DigitsData.asImages(data.xTest()), data, args.epochs(CNN_EPOCHS), dir, false));

        System.out.println();
        System.out.printf(Locale.ROOT, "MLP test accuracy: %.4f%n", accuracy.get("mlp"));
        System.out.printf(Locale.ROOT, "CNN test accuracy: %.4f%n", accuracy.get("cnn"));
        System.out.println("Logs, model plots and history charts written to " + dir + "; TensorBoard: tensorboard --logdir " + dir.resolve("logs"));
        return accuracy;
    }

    /** The W5 MLP: 64 pixels -> 64 relu -> 64 relu -> 10 logits. */
    public static Model mlp() {
        SymbolicTensor inputs = Input.of("pixels", 64);
        SymbolicTensor x = new Dense(64).activation("relu").apply(inputs);
        x = new Dense(64).activation("relu").apply(x);
        return Model.of(inputs, new Dense(10).name("logits").apply(x)).name("digits_mlp");
    }

    /** Two 3x3 convolutions ("same" padding keeps 8x8, then 4x4 after pooling), flattened into 10 logits. */
    public static Model cnn() {
        SymbolicTensor inputs = Input.of("image", 8, 8, 1);
        SymbolicTensor x = new Conv2D(16, 3).activation("relu").padding("same").apply(inputs);
        x = new MaxPooling2D(2).apply(x);
        x = new Conv2D(32, 3).activation("relu").padding("same").apply(x);
        x = new Flatten().apply(x);
        return Model.of(inputs, new Dense(10).name("logits").apply(x)).name("digits_cnn");
    }

    private static double trainOne(Model model, String name, String title, Tensor xTrain, Tensor xTest, DigitsData data, int epochs,
                                   Path dir, boolean tensorBoard) {
        model.compile(new Adam(1e-3), new SparseCategoricalCrossentropy().fromLogits(true), "accuracy");
        model.summary();
        List<Callback> callbacks = new ArrayList<>();
        callbacks.add(new CSVLogger(dir.resolve(name + "_training.csv")));
        // One run (the MLP) also shows TensorBoard logging (`tensorboard --logdir <output>/digits/logs`): epoch
        // scalars for train and validation, and a histogram of every weight each epoch.
        if (tensorBoard) callbacks.add(new TensorBoard(dir.resolve("logs").resolve(name)).histogramFreq(1));
        History history = model.fit(xTrain, data.yTrain(), FitOptions.defaults().batchSize(32).epochs(epochs)
                .validationData(xTest, data.yTest()).callbacks(callbacks));
        System.out.println("\n# Evaluate " + name + " on the test split");
        Map<String, Double> results = model.evaluate(xTest, data.yTest(), 128);
        PlotModel.plotModel(model, dir.resolve(name + "_model.png"), true, true, 144, "TB");
        HistoryChart.write(history, dir.resolve(name + "_history.png"), title, "accuracy");
        return results.get("accuracy");
    }
}
