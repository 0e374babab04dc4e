package dev.lamina.samples;

import dev.lamina.Lamina;
import dev.lamina.training.History;

import java.util.List;

/** The seed's Experiment 1 with its MLP written as a subclassed model ({@link SubclassedMlp}); the same output. */
public final class Experiment1Subclassed {
    private Experiment1Subclassed() {
    }

    public static void main(String[] args) {
        run(SampleArgs.defaults());
    }

    public static List<History> run(SampleArgs args) {
        SeedData.banner("Experiment 1, subclassed: the same MLP as a Model subclass, fit / evaluate / predict");
        Lamina.clearSession();
        Lamina.setRandomSeed(0);
        return Experiment1.train(new SubclassedMlp(), args);
    }
}
