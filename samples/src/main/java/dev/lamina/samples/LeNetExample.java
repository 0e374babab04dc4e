package dev.lamina.samples;

import dev.lamina.Lamina;
import dev.lamina.layers.AveragePooling2D;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.InputLayer;
import dev.lamina.models.Model;
import dev.lamina.models.Sequential;
import dev.lamina.optimizers.Adam;
import dev.lamina.tensor.Tensor;
import dev.lamina.training.FitOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;

/**
 * Keras interop on the bundled 8x8 digits: a LeNet-5-shaped CNN built in Lamina, trained and saved as a Keras 3
 * {@code .keras} file that Python's {@code keras.saving.load_model} reads; then the same LeNet trained in Python
 * (the project's {@code generate.py}, bundled as {@code /keras/lenet.keras}) loaded with {@code Model.load},
 * evaluated, fine-tuned for one epoch and saved again as {@code .keras}. Files go to {@code <output>/lenet/}.
 */
public final class LeNetExample {
    static final String PYTHON_LENET = "/keras/lenet.keras";

    private LeNetExample() {
    }

    public static void main(String[] args) {
        run(SampleArgs.defaults());
    }

    /** LeNet-5's shape for 8x8 images: two tanh convolutions with average pooling, then Dense 120, 84 and 10. */
    public static Sequential buildModel() {
        return new Sequential(new InputLayer(null, 8, 8, 1),
                new Conv2D(6, 3).padding("same").activation("tanh"), new AveragePooling2D(2),
                new Conv2D(16, 3).padding("same").activation("tanh"), new AveragePooling2D(2),
                new Flatten(), new Dense(120).activation("tanh"), new Dense(84).activation("tanh"),
                new Dense(10).activation("softmax"));
    }

    public static void run(SampleArgs args) {
        SeedData.banner("LeNet: a Keras .keras file written, and one trained in Python loaded and fine-tuned");
        DigitsData data = DigitsData.load(0);
        trainAndSave(args, data);
        fineTunePython(args, data);
    }

    /** Trains Lamina's LeNet and saves it as {@code <output>/lenet/lenet_lamina.keras}; returns the test accuracy. */
    public static double trainAndSave(SampleArgs args, DigitsData data) {
        Tensor xTrain = DigitsData.asImages(data.xTrain()), xTest = DigitsData.asImages(data.xTest());
        Path dir = args.dir("lenet");

        System.out.println("\n# LeNet built and trained in Lamina, saved as Keras 3 .keras");
        Lamina.clearSession();
        Lamina.setRandomSeed(0);
        Model lenet = buildModel();
        lenet.compile(new Adam(0.002), "sparse_categorical_crossentropy", "accuracy");
        lenet.fit(xTrain, data.yTrain(), FitOptions.defaults().batchSize(32).epochs(args.epochs(4)).verbose(2));
        Map<String, Double> results = lenet.evaluate(xTest, data.yTest(), 128);
        report("Lamina LeNet", results);
        Path own = dir.resolve("lenet_lamina.keras");
        lenet.save(own);
        System.out.println("Saved " + own + " (load it in Python with keras.saving.load_model)");
        return results.get("accuracy");
    }

    /** Loads the Python-trained LeNet, evaluates it, fine-tunes it one epoch and saves it as {@code lenet_finetuned.keras}. */
    public static void fineTunePython(SampleArgs args, DigitsData data) {
        Tensor xTrain = DigitsData.asImages(data.xTrain()), xTest = DigitsData.asImages(data.xTest());
        Path dir = args.dir("lenet");

        System.out.println("\n# LeNet trained in Python Keras: load, evaluate, fine-tune one epoch, save");
        Path python = dir.resolve("lenet_python.keras");
        copyResource(PYTHON_LENET, python);
        Model loaded = Model.load(python);      // Keras 3 .keras reading (Model.load) comes with the Keras reader
        report("Python LeNet as loaded", loaded.evaluate(xTest, data.yTest(), 128));
        loaded.fit(xTrain, data.yTrain(), FitOptions.defaults().batchSize(32).epochs(1).verbose(2));
        report("Python LeNet after one more epoch", loaded.evaluate(xTest, data.yTest(), 128));
        Path tuned = dir.resolve("lenet_finetuned.keras");
        loaded.save(tuned);
        System.out.println("Saved " + tuned);
    }

    private static void report(String what, Map<String, Double> results) {
        System.out.printf(Locale.ROOT, "%s: test loss %.4f, test accuracy %.4f%n", what, results.get("loss"), results.get("accuracy"));
    }

    private static void copyResource(String resource, Path target) {
        try (InputStream in = LeNetExample.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("LeNetExample: the bundled " + resource + " is missing from the classpath");
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("LeNetExample: cannot copy " + resource + " to " + target + ": " + e.getMessage(), e);
        }
    }
}
