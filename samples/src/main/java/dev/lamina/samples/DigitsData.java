package dev.lamina.samples;

import dev.lamina.data.CsvLoader;
import dev.lamina.data.LabeledData;
import dev.lamina.tensor.Rng;
import dev.lamina.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bundled digits data set (1797 8x8 images of handwritten digits, UCI / scikit-learn's {@code load_digits}),
 * pixels scaled from 0..16 to [0, 1], split 80/20 per class (stratified) with a seeded shuffle.
 */
public final class DigitsData {
    /** Classpath location of the data: 64 pixel columns then the label, no header, gzip. */
    public static final String RESOURCE = "/data/digits.csv.gz";

    private final Tensor xTrain;
    private final Tensor yTrain;
    private final Tensor xTest;
    private final Tensor yTest;

    private DigitsData(Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest) {
        this.xTrain = xTrain;
        this.yTrain = yTrain;
        this.xTest = xTest;
        this.yTest = yTest;
    }

    /** Loads the data and splits each class: a seeded permutation, its first 20% (rounded) to the test set. */
    public static DigitsData load(long seed) {
        LabeledData all;
        try (InputStream in = DigitsData.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("DigitsData: resource " + RESOURCE + " is missing from the classpath");
            all = new CsvLoader().labelColumn(-1).load(in, "digits.csv.gz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Tensor pixels = all.features();
        Tensor labels = all.labels();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < 10; c++) byClass.add(new ArrayList<>());
        for (int i = 0; i < labels.size(); i++) byClass.get((int) labels.get(i)).add(i);
        Rng rng = new Rng(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (List<Integer> idx : byClass) {
            int[] perm = rng.permutation(idx.size());
            long nTest = Math.round(idx.size() * 0.2);
            for (int k = 0; k < perm.length; k++) (k < nTest ? test : train).add(idx.get(perm[k]));
        }
        return new DigitsData(rows(pixels, train), take(labels, train), rows(pixels, test), take(labels, test));
    }

    private static Tensor rows(Tensor pixels, List<Integer> ids) {
        int width = pixels.shape().dim(1);
        float[] out = new float[ids.size() * width];
        for (int r = 0; r < ids.size(); r++) {
            for (int c = 0; c < width; c++) out[r * width + c] = pixels.get(ids.get(r), c) / 16f;
        }
        return Tensor.of(out, ids.size(), width);
    }

    private static Tensor take(Tensor labels, List<Integer> ids) {
        float[] out = new float[ids.size()];
        for (int i = 0; i < out.length; i++) out[i] = labels.get(ids.get(i));
        return Tensor.of(out, out.length);
    }

    /** Training images as (n, 64) rows of pixels in [0, 1]. */
    public Tensor xTrain() {
        return xTrain;
    }

    public Tensor yTrain() {
        return yTrain;
    }

    public Tensor xTest() {
        return xTest;
    }

    public Tensor yTest() {
        return yTest;
    }

    /** {@code x} (n, 64) as images (n, 8, 8, 1), channels last. */
    public static Tensor asImages(Tensor x) {
        return x.reshape(x.shape().dim(0), 8, 8, 1);
    }
}
