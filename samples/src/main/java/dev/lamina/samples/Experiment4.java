package dev.lamina.samples;

import dev.lamina.Lamina;
import dev.lamina.callbacks.ModelCheckpoint;
import dev.lamina.models.Model;
import dev.lamina.training.FitOptions;
import dev.lamina.training.History;

import java.util.List;

/**
 * The seed's Experiment 4: ModelCheckpoint writes the weights to {@code mymodel_{epoch}} (in the output
 * directory) whenever {@code val_loss} improves, and says at each epoch whether it did.
 */
public final class Experiment4 {
    private Experiment4() {
    }

    public static void main(String[] args) {
        run(SampleArgs.defaults());
    }

    /** Runs the experiment; returns the History of its fit. */
    public static List<History> run(SampleArgs args) {
        SeedData.banner("Experiment 4: ModelCheckpoint");
        Lamina.clearSession();
        Lamina.setRandomSeed(0);
        Model model = Experiment2.getCompiledModel();
        String filepath = args.dir("experiment4").resolve("mymodel_{epoch}").toString();
        ModelCheckpoint checkpoint = new ModelCheckpoint(filepath)   // {epoch} is 1-based, as Keras prints it
                .saveBestOnly(true)          // overwrite only when val_loss improves
                .monitor("val_loss")
                .saveWeightsOnly(true)       // weights only (safetensors), not the whole model
                .verbose(1);
        return List.of(model.fit(SeedData.xTrain(), SeedData.yTrain(), FitOptions.defaults()
                .epochs(args.epochs(3)).batchSize(64).callbacks(checkpoint).validationSplit(0.2)));
    }
}
