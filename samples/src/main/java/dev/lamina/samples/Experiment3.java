package dev.lamina.samples;

import dev.lamina.Lamina;
import dev.lamina.callbacks.EarlyStopping;
import dev.lamina.models.Model;
import dev.lamina.training.FitOptions;
import dev.lamina.training.History;

import java.util.List;

/**
 * The seed's Experiment 3: stop training once {@code val_loss} has not dropped by at least 1e-2 for 2 epochs
 * (on random labels that happens within a few epochs, and EarlyStopping says so).
 */
public final class Experiment3 {
    private Experiment3() {
    }

    public static void main(String[] args) {
        run(SampleArgs.defaults());
    }

    /** Runs the experiment; returns the History of its fit. */
    public static List<History> run(SampleArgs args) {
        SeedData.banner("Experiment 3: EarlyStopping on val_loss");
        Lamina.clearSession();
        Lamina.setRandomSeed(0);
        Model model = Experiment2.getCompiledModel();
        EarlyStopping earlyStopping = new EarlyStopping()
                .monitor("val_loss")
                .minDelta(1e-2)     // "no longer improving" = improving by less than 1e-2
                .patience(2)        // ... for at least 2 epochs
                .verbose(1);
        return List.of(model.fit(SeedData.xTrain(), SeedData.yTrain(), FitOptions.defaults()
                .epochs(args.epochs(20)).batchSize(64).callbacks(earlyStopping).validationSplit(0.2)));
    }
}
