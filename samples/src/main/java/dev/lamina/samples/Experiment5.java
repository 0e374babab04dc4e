package dev.lamina.samples;

import dev.lamina.Lamina;
import dev.lamina.callbacks.ModelCheckpoint;
import dev.lamina.callbacks.ReduceLROnPlateau;
import dev.lamina.models.Model;
import dev.lamina.training.FitOptions;
import dev.lamina.training.History;

import java.util.List;

/**
 * The seed's Experiment 5: checkpoints as in Experiment 4, plus ReduceLROnPlateau halving the learning rate
 * whenever {@code val_sparse_categorical_accuracy} has not risen for 3 epochs, over 30 epochs.
 */
public final class Experiment5 {
    private Experiment5() {
    }

    public static void main(String[] args) {
        run(SampleArgs.defaults());
    }

    /** Runs the experiment; returns the History of its fit. */
    public static List<History> run(SampleArgs args) {
        SeedData.banner("Experiment 5: ModelCheckpoint + ReduceLROnPlateau");
        Lamina.clearSession();
        Lamina.setRandomSeed(0);
        Model model = Experiment2.getCompiledModel();
        ModelCheckpoint checkpoint = new ModelCheckpoint(args.dir("experiment5").resolve("mymodel_{epoch}").toString())
                .saveBestOnly(true)
                .monitor("val_loss")
                .saveWeightsOnly(true)
                .verbose(1);
        ReduceLROnPlateau reduceLr = new ReduceLROnPlateau()
                .monitor("val_sparse_categorical_accuracy")
                .verbose(1)
                .mode("max")
                .factor(0.5)
                .patience(3);
        return List.of(model.fit(SeedData.xTrain(), SeedData.yTrain(), FitOptions.defaults()
                .epochs(args.epochs(30)).batchSize(64).callbacks(checkpoint, reduceLr).validationSplit(0.2)));
    }
}
