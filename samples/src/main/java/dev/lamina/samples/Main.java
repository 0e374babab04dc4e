package dev.lamina.samples;

import dev.lamina.samples.kotlin.Experiment1Kt;
import dev.lamina.samples.kotlin.Experiment2Kt;
import dev.lamina.samples.kotlin.Experiment3Kt;
import dev.lamina.samples.kotlin.Experiment4Kt;
import dev.lamina.samples.kotlin.Experiment5Kt;
import dev.lamina.samples.kotlin.Experiment6Kt;
import dev.lamina.samples.kotlin.Experiment1SubclassedKt;
import dev.lamina.samples.kotlin.AdversarialTrainingKt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs the seed's six experiments, the digits example, Experiment 1 as a subclassed model ({@code 1s}) and a model
 * with its own train step ({@code adversarial}): {@code Main [all|1..6|digits|1s|adversarial|kt1..kt6|all-kotlin ...]
 * [--kotlin] [--output DIR] [--epochs N]}. With no sample named it runs {@code all}: the Java experiments and
 * digits. {@code kt1..kt6} are the same experiments written with the Kotlin DSL; {@code --kotlin} picks the
 * Kotlin version of every numbered experiment named (of all six when none is). Arguments may also arrive as one
 * space-separated string (Maven's {@code -Dlamina.args="3 digits"}); files are written under
 * {@code ./lamina-output} by default.
 */
public final class Main {
    private static final Map<String, Consumer<SampleArgs>> SAMPLES = new LinkedHashMap<>();
    /** What {@code all} runs: the Java experiments and digits (the quick main job). */
    private static final List<String> ALL = List.of("1", "2", "3", "4", "5", "6", "digits", "1s", "adversarial", "lenet");
    private static final List<String> ALL_KOTLIN = List.of("kt1", "kt2", "kt3", "kt4", "kt5", "kt6", "kt1s", "ktadversarial");

    static {
        SAMPLES.put("1", Experiment1::run);
        SAMPLES.put("2", Experiment2::run);
        SAMPLES.put("3", Experiment3::run);
        SAMPLES.put("4", Experiment4::run);
        SAMPLES.put("5", Experiment5::run);
        SAMPLES.put("6", Experiment6::run);
        SAMPLES.put("digits", DigitsExample::run);
        SAMPLES.put("1s", Experiment1Subclassed::run);
        SAMPLES.put("adversarial", AdversarialTraining::run);
        SAMPLES.put("lenet", LeNetExample::run);
        SAMPLES.put("kt1", Experiment1Kt::run);
        SAMPLES.put("kt2", Experiment2Kt::run);
        SAMPLES.put("kt3", Experiment3Kt::run);
        SAMPLES.put("kt4", Experiment4Kt::run);
        SAMPLES.put("kt5", Experiment5Kt::run);
        SAMPLES.put("kt6", Experiment6Kt::run);
        SAMPLES.put("kt1s", Experiment1SubclassedKt::run);
        SAMPLES.put("ktadversarial", AdversarialTrainingKt::run);
    }

    private Main() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(2);
        }
    }

    /** Parses {@code args} and runs the chosen samples; throws IllegalArgumentException for bad arguments. */
    public static void run(String... args) {
        List<String> words = new ArrayList<>();
        for (String a : args) {
            for (String w : a.trim().split("[\\s,]+")) if (!w.isEmpty()) words.add(w);
        }
        SampleArgs sampleArgs = SampleArgs.defaults();
        Set<String> named = new LinkedHashSet<>();       // each sample once, in the order named
        boolean kotlin = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i).toLowerCase(Locale.ROOT);
            if (w.equals("--output") || w.equals("--epochs")) {
                if (i + 1 >= words.size()) throw new IllegalArgumentException("Main: expected a value after " + w + ", received none");
                String v = words.get(++i);
                sampleArgs = w.equals("--output") ? sampleArgs.withOutputDir(Path.of(v)) : sampleArgs.withEpochs(parseEpochs(v));
            } else if (w.equals("--kotlin")) {
                kotlin = true;
            } else if (w.equals("all")) {
                named.addAll(ALL);
            } else if (w.equals("all-kotlin")) {
                named.addAll(ALL_KOTLIN);
            } else if (SAMPLES.containsKey(w)) {
                named.add(w);
            } else if (w.equals("-h") || w.equals("--help")) {
                System.out.println(usage());
                return;
            } else {
                throw new IllegalArgumentException("Main: expected a sample among all, 1..6, digits, 1s, adversarial, lenet, all-kotlin, kt1..kt6, kt1s, ktadversarial "
                        + "or an option --kotlin, --output DIR, --epochs N, received '" + words.get(i) + "'");
            }
        }
        if (named.isEmpty()) named.addAll(kotlin ? ALL_KOTLIN : ALL);
        Set<String> chosen = new LinkedHashSet<>();
        for (String name : named) chosen.add(kotlin && SAMPLES.containsKey("kt" + name) ? "kt" + name : name);
        long start = System.nanoTime();
        for (String name : chosen) SAMPLES.get(name).accept(sampleArgs);
        System.out.printf(Locale.ROOT, "%nRan %s in %.1f s; output files are in %s%n", String.join(", ", chosen),
                (System.nanoTime() - start) / 1e9, sampleArgs.outputDir().toAbsolutePath().normalize());
    }

    private static int parseEpochs(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Main: expected an integer after --epochs, received '" + v + "'");
        }
    }

    static String usage() {
        return "usage: Main [all | 1..6 | digits | 1s | adversarial | all-kotlin | kt1..kt6 | kt1s | ktadversarial ...] [--kotlin] [--output DIR] [--epochs N]\n"
                + "  1..6          the seed's experiments in Java; digits: MLP and CNN on the bundled 8x8 digits\n"
                + "  1s            Experiment 1 with a subclassed model; adversarial: a model with its own trainStep\n"
                + "  lenet         LeNet on the digits saved as .keras; a Python-trained LeNet loaded and fine-tuned\n"
                + "  all           1..6, digits, 1s, adversarial and lenet (the default)\n"
                + "  kt1..kt6      the same experiments written with the Kotlin DSL; all-kotlin: kt1..kt6\n"
                + "  --kotlin      run the Kotlin version of each numbered experiment named (kt1..kt6 if none is)\n"
                + "  --output DIR  where files go (default ./lamina-output)\n"
                + "  --epochs N    replace every epoch count (quick smoke runs)";
    }
}
