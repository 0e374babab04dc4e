package dev.lamina.samples;

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
 * Runs the seed's six experiments and the digits example: {@code Main [all|1..6|digits ...] [--output DIR]
 * [--epochs N]}. With no sample named it runs them all. Arguments may also arrive as one space-separated string
 * (Maven's {@code -Dlamina.args="3 digits"}); files are written under {@code ./lamina-output} by default.
 */
public final class Main {
    private static final Map<String, Consumer<SampleArgs>> SAMPLES = new LinkedHashMap<>();

    static {
        SAMPLES.put("1", Experiment1::run);
        SAMPLES.put("2", Experiment2::run);
        SAMPLES.put("3", Experiment3::run);
        SAMPLES.put("4", Experiment4::run);
        SAMPLES.put("5", Experiment5::run);
        SAMPLES.put("6", Experiment6::run);
        SAMPLES.put("digits", DigitsExample::run);
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
        Set<String> chosen = new LinkedHashSet<>();      // each sample once, in the order named
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i).toLowerCase(Locale.ROOT);
            if (w.equals("--output") || w.equals("--epochs")) {
                if (i + 1 >= words.size()) throw new IllegalArgumentException("Main: expected a value after " + w + ", received none");
                String v = words.get(++i);
                sampleArgs = w.equals("--output") ? sampleArgs.withOutputDir(Path.of(v)) : sampleArgs.withEpochs(parseEpochs(v));
            } else if (w.equals("all")) {
                chosen.addAll(SAMPLES.keySet());
            } else if (SAMPLES.containsKey(w)) {
                chosen.add(w);
            } else if (w.equals("-h") || w.equals("--help")) {
                System.out.println(usage());
                return;
            } else {
                throw new IllegalArgumentException("Main: expected a sample among all, 1, 2, 3, 4, 5, 6, digits, received '" + words.get(i) + "'");
            }
        }
        if (chosen.isEmpty()) chosen.addAll(SAMPLES.keySet());
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
        return "usage: Main [all | 1 | 2 | 3 | 4 | 5 | 6 | digits ...] [--output DIR] [--epochs N]\n"
                + "  1..6    the seed's experiments; digits: MLP and CNN on the bundled 8x8 digits\n"
                + "  --output DIR   where files go (default ./lamina-output)\n"
                + "  --epochs N     replace every epoch count (quick smoke runs)";
    }
}
