package dev.lamina.samples;

import dev.lamina.Lamina;
import dev.lamina.layers.Concatenate;
import dev.lamina.layers.Conv1D;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.GlobalMaxPooling1D;
import dev.lamina.layers.GlobalMaxPooling2D;
import dev.lamina.layers.Input;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.losses.CategoricalCrossentropy;
import dev.lamina.losses.MeanSquaredError;
import dev.lamina.metrics.CategoricalAccuracy;
import dev.lamina.metrics.MeanAbsoluteError;
import dev.lamina.metrics.MeanAbsolutePercentageError;
import dev.lamina.models.Model;
import dev.lamina.optimizers.RMSprop;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.training.CompileOptions;
import dev.lamina.training.Data;
import dev.lamina.training.FitOptions;
import dev.lamina.training.History;
import dev.lamina.utils.plot.PlotModel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's Experiment 6: a model with two inputs (an image and a time series) and two outputs (a score and
 * five class logits), plotted, then compiled and fitted in each of the seed's forms: losses and metrics as lists
 * by position and as maps by output name, loss weights, and an output left without a loss (null in the list,
 * missing from the map).
 */
public final class Experiment6 {
    /**
     * The seed plots at dpi=500 (about 5x); 200 keeps the PNG sharp when zoomed and the file a few hundred KB.
     */
    public static final int PLOT_DPI = 200;

    private Experiment6() {
    }

    public static void main(String[] args) {
        run(SampleArgs.defaults());
    }

    /** img_input (32, 32, 3) -> Conv2D(3, 3) -> GlobalMaxPooling2D; ts_input (20, 10) -> Conv1D(3, 3) -> GlobalMaxPooling1D. */
    public static Model buildModel() {
        SymbolicTensor imageInput = Input.of("img_input", 32, 32, 3);
        SymbolicTensor timeseriesInput = Input.of("ts_input", 20, 10);

        SymbolicTensor x1 = new Conv2D(3, 3).apply(imageInput);
        x1 = new GlobalMaxPooling2D().apply(x1);

        SymbolicTensor x2 = new Conv1D(3, 3).apply(timeseriesInput);
        x2 = new GlobalMaxPooling1D().apply(x2);

        SymbolicTensor x = Concatenate.concatenate(x1, x2);

        SymbolicTensor scoreOutput = new Dense(1).name("score_output").apply(x);
        SymbolicTensor classOutput = new Dense(5).name("class_output").apply(x);
        return Model.of(List.of(imageInput, timeseriesInput), List.of(scoreOutput, classOutput));
    }

    /** Runs the experiment; returns the History of each of its four fits, in order. */
    public static List<History> run(SampleArgs args) {
        SeedData.banner("Experiment 6: multi-input, multi-output model");
        Lamina.clearSession();
        Lamina.setRandomSeed(0);
        Model model = buildModel();
        model.summary();
        Path plot = args.dir("experiment6").resolve("multi_input_and_output_model.png");
        PlotModel.plotModel(model, plot, true, true, PLOT_DPI, "TB");
        System.out.println("Model plot written to " + plot);

        // Generate dummy data: np.random.random_sample(size=...)
        Tensor imgData = Tensor.uniform(Shape.of(100, 32, 32, 3), 0f, 1f, 61);
        Tensor tsData = Tensor.uniform(Shape.of(100, 20, 10), 0f, 1f, 62);
        Tensor scoreTargets = Tensor.uniform(Shape.of(100, 1), 0f, 1f, 63);
        Tensor classTargets = Tensor.uniform(Shape.of(100, 5), 0f, 1f, 64);
        Data xList = Data.of(imgData, tsData);
        Data yList = Data.of(scoreTargets, classTargets);
        Data xMap = Data.of(named("img_input", imgData, "ts_input", tsData));
        Data yMap = Data.of(named("score_output", scoreTargets, "class_output", classTargets));
        FitOptions fit = FitOptions.defaults().batchSize(32).epochs(args.epochs(3));
        List<History> histories = new ArrayList<>();

        System.out.println("\n# Losses and metrics as lists, by output position; fit on lists");
        model.compile(CompileOptions.of(new RMSprop(1e-3),
                        List.of(new MeanSquaredError(), new CategoricalCrossentropy().fromLogits(true)))
                .metrics(List.of(
                        List.of(new MeanAbsolutePercentageError(), new MeanAbsoluteError()),
                        List.of(new CategoricalAccuracy()))));
        histories.add(model.fit(xList, yList, fit));

        System.out.println("\n# Losses, metrics and loss weights as maps, by output name; fit on maps");
        model.compile(CompileOptions.of(new RMSprop(1e-3),
                        named("score_output", new MeanSquaredError(), "class_output", new CategoricalCrossentropy().fromLogits(true)))
                .metrics(named("score_output", List.of(new MeanAbsolutePercentageError(), new MeanAbsoluteError()),
                        "class_output", List.of(new CategoricalAccuracy())))
                .lossWeights(named("score_output", 2.0, "class_output", 1.0)));
        histories.add(model.fit(xMap, yMap, fit));

        System.out.println("\n# No loss for score_output: a list with null");
        model.compile(CompileOptions.of(new RMSprop(1e-3), Arrays.asList(null, new CategoricalCrossentropy().fromLogits(true))));
        histories.add(model.fit(xList, yList, fit));

        System.out.println("\n# No loss for score_output: a map without its name");
        model.compile(CompileOptions.of(new RMSprop(1e-3), Map.of("class_output", new CategoricalCrossentropy().fromLogits(true))));
        histories.add(model.fit(xMap, yMap, fit));
        return histories;
    }

    /** An insertion-ordered two-entry map, so logs list the outputs in model order. */
    private static <V> Map<String, V> named(String k1, V v1, String k2, V v2) {
        Map<String, V> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}
