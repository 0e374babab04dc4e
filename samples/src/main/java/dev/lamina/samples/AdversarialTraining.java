package dev.lamina.samples;

import dev.lamina.Lamina;
import dev.lamina.losses.SparseCategoricalCrossentropy;
import dev.lamina.optimizers.Adam;
import dev.lamina.training.FitOptions;
import dev.lamina.training.History;

import java.util.Locale;
import java.util.Map;

/**
 * A model with its own {@code trainStep} ({@link AdversarialMlp}) trained through plain {@code fit} on the digits:
 * the progress bar and the History show the extra {@code adversarial_loss} next to Keras' keys, validation runs
 * the model's default {@code testStep}.
 */
public final class AdversarialTraining {
    static final int EPOCHS = 10;
    static final double EPSILON = 0.1;

    private AdversarialTraining() {
    }

    public static void main(String[] args) {
        run(SampleArgs.defaults());
    }

    /** Trains the model; returns its History. */
    public static History run(SampleArgs args) {
        SeedData.banner("Custom train step: adversarial training (FGSM) on the digits, through plain fit");
        Lamina.clearSession();
        Lamina.setRandomSeed(0);
        DigitsData data = DigitsData.load(0);
        AdversarialMlp model = new AdversarialMlp(EPSILON);
        model.compile(new Adam(0.003), new SparseCategoricalCrossentropy().fromLogits(true), "accuracy");
        History h = model.fit(data.xTrain(), data.yTrain(), FitOptions.defaults().batchSize(32).epochs(args.epochs(EPOCHS))
                .validationData(data.xTest(), data.yTest()));
        Map<String, Double> clean = model.evaluate(data.xTest(), data.yTest(), 128);
        System.out.printf(Locale.ROOT, "test accuracy: %.4f on clean digits%n", clean.get("accuracy"));
        return h;
    }
}
