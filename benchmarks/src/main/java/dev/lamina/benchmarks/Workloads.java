package dev.lamina.benchmarks;

import dev.lamina.layers.Add;
import dev.lamina.layers.Concatenate;
import dev.lamina.layers.Conv1D;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Embedding;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.GlobalAveragePooling1D;
import dev.lamina.layers.GlobalMaxPooling1D;
import dev.lamina.layers.GlobalMaxPooling2D;
import dev.lamina.layers.Input;
import dev.lamina.layers.LayerNormalization;
import dev.lamina.layers.MaxPooling2D;
import dev.lamina.layers.MultiHeadAttention;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.losses.CategoricalCrossentropy;
import dev.lamina.losses.MeanSquaredError;
import dev.lamina.losses.SparseCategoricalCrossentropy;
import dev.lamina.models.Model;
import dev.lamina.optimizers.Adam;
import dev.lamina.optimizers.RMSprop;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.training.CompileOptions;
import dev.lamina.training.Data;
import dev.lamina.training.FitOptions;

import java.util.List;
import java.util.Map;

/**
 * The reference workloads of {@code bench/README.md} (W1-W5, W7), as Lamina models and data. Each {@link Run} holds
 * its data (made once) and builds a fresh, compiled model per repetition, as the peers do; {@link Run#fit} is
 * what is timed.
 */
public final class Workloads {
    private Workloads() {
    }

    /** A workload by its id ({@code W1} to {@code W5}, {@code W7}), data made. */
    public static Run byName(String id) {
        switch (id) {
            case "W1": return new W1();
            case "W2": return new W2();
            case "W3": return new W3();
            case "W4": return new W4();
            case "W5": return new W5();
            case "W7": return new W7();
            default: throw new IllegalArgumentException("Workloads: expected one of W1, W2, W3, W4, W5, W7, received " + id);
        }
    }

    /**
     * The workloads' classifier MLP: {@code inputs -> Dense(units, relu) -> Dense(units, relu) -> Dense(10)} logits,
     * Adam(1e-3), sparse categorical cross-entropy from logits, accuracy; compiled.
     */
    static Model mlp(int inputs, int units) {
        SymbolicTensor in = Input.of(inputs);
        SymbolicTensor h = new Dense(units).activation("relu").apply(in);
        h = new Dense(units).activation("relu").apply(h);
        Model m = Model.of(in, new Dense(10).apply(h));
        m.compile(new Adam(1e-3), new SparseCategoricalCrossentropy().fromLogits(true), "accuracy");
        return m;
    }

    /** One workload: data, a model factory and the fit call. */
    public abstract static class Run {
        /** Training samples per {@link #fit} (epochs x samples), for per-sample figures. */
        public abstract int samples();

        /** A fresh model, compiled (not timed). */
        public abstract Model newModel();

        /** The timed part: {@code model.fit(...)} exactly as the workload defines it, verbose 0. */
        public abstract Object fit(Model model);
    }

    /** W1 (seed Experiment 1): 32 -> Dense(64, relu) -> Dense(64, relu) -> Dense(10) logits; Adam; 5 epochs. */
    public static final class W1 extends Run {
        final Tensor x = Tensor.uniform(Shape.of(1000, 32), 0f, 1f, 1);
        final Tensor y = Tensor.randint(Shape.of(1000), 10, 2);
        final Tensor xVal = Tensor.uniform(Shape.of(200, 32), 0f, 1f, 3);
        final Tensor yVal = Tensor.randint(Shape.of(200), 10, 4);

        @Override
        public int samples() {
            return 5 * 1000;
        }

        @Override
        public Model newModel() {
            return mlp(32, 64);
        }

        @Override
        public Object fit(Model model) {
            return model.fit(x, y, FitOptions.defaults().batchSize(32).epochs(5).validationData(xVal, yVal).verbose(0));
        }
    }

    /** W5: the digits MLP (64 -> Dense(64, relu) -> Dense(64, relu) -> Dense(10)), Adam(1e-3), batch 32, 30 epochs. */
    public static final class W5 extends Run {
        final dev.lamina.samples.DigitsData data = dev.lamina.samples.DigitsData.load(0);

        @Override
        public int samples() {
            return 30 * data.xTrain().shape().dim(0);
        }

        @Override
        public Model newModel() {
            return mlp(64, 64);
        }

        @Override
        public Object fit(Model model) {
            return model.fit(data.xTrain(), data.yTrain(), FitOptions.defaults().batchSize(32).epochs(30).verbose(0));
        }
    }

    /**
     * W2 (seed Experiment 6): img (32,32,3) -> Conv2D(3, 3) -> GlobalMaxPooling2D; ts (20,10) -> Conv1D(3, 3) ->
     * GlobalMaxPooling1D; concatenate -> Dense(1) score (MSE) and Dense(5) class (categorical CE from logits);
     * RMSprop(1e-3); 100 samples, batch 32, 3 epochs.
     */
    public static final class W2 extends Run {
        final Tensor img = Tensor.uniform(Shape.of(100, 32, 32, 3), 0f, 1f, 6);
        final Tensor ts = Tensor.uniform(Shape.of(100, 20, 10), 0f, 1f, 7);
        final Tensor score = Tensor.uniform(Shape.of(100, 1), 0f, 1f, 8);
        final Tensor cls = softTargets(Tensor.uniform(Shape.of(100, 5), 0f, 1f, 9));

        @Override
        public int samples() {
            return 3 * 100;
        }

        @Override
        public Model newModel() {
            SymbolicTensor imgIn = Input.of("img_input", 32, 32, 3);
            SymbolicTensor tsIn = Input.of("ts_input", 20, 10);
            SymbolicTensor x1 = new GlobalMaxPooling2D().apply(new Conv2D(3, 3).apply(imgIn));
            SymbolicTensor x2 = new GlobalMaxPooling1D().apply(new Conv1D(3, 3).apply(tsIn));
            SymbolicTensor h = Concatenate.concatenate(x1, x2);
            SymbolicTensor s = new Dense(1).name("score").apply(h);
            SymbolicTensor c = new Dense(5).name("class").apply(h);
            Model m = Model.of(List.of(imgIn, tsIn), List.of(s, c));
            m.compile(CompileOptions.of(new RMSprop(1e-3),
                    Map.of("score", new MeanSquaredError(), "class", new CategoricalCrossentropy().fromLogits(true))));
            return m;
        }

        @Override
        public Object fit(Model model) {
            return model.fit(Data.of(img, ts), Data.of(score, cls), FitOptions.defaults().batchSize(32).epochs(3).verbose(0));
        }

        private static Tensor softTargets(Tensor t) {
            float[] d = t.toFloatArray();
            for (int r = 0; r < d.length; r += 5) {
                float s = 0;
                for (int j = 0; j < 5; j++) s += d[r + j];
                for (int j = 0; j < 5; j++) d[r + j] /= s;
            }
            return Tensor.of(d, t.shape());
        }
    }

    /** W3: 60000 x 784 random, Dense(512, relu) -> Dense(512, relu) -> Dense(10); Adam; batch 128; 1 epoch. */
    public static final class W3 extends Run {
        final Tensor x = Tensor.uniform(Shape.of(60000, 784), 0f, 1f, 31);
        final Tensor y = Tensor.randint(Shape.of(60000), 10, 32);

        @Override
        public int samples() {
            return 60000;
        }

        @Override
        public Model newModel() {
            return mlp(784, 512);
        }

        @Override
        public Object fit(Model model) {
            return model.fit(x, y, FitOptions.defaults().batchSize(128).epochs(1).verbose(0));
        }
    }

    /**
     * W4: 10000 random 28x28x1; Conv2D(32, 3, relu) -> MaxPool2D(2) -> Conv2D(64, 3, relu) -> MaxPool2D(2) ->
     * Flatten -> Dense(128, relu) -> Dense(10); Adam; batch 64; 1 epoch.
     */
    public static final class W4 extends Run {
        final Tensor x = Tensor.uniform(Shape.of(10000, 28, 28, 1), 0f, 1f, 41);
        final Tensor y = Tensor.randint(Shape.of(10000), 10, 42);

        @Override
        public int samples() {
            return 10000;
        }

        @Override
        public Model newModel() {
            SymbolicTensor in = Input.of(28, 28, 1);
            SymbolicTensor h = new Conv2D(32, 3).activation("relu").apply(in);
            h = new MaxPooling2D(2).apply(h);
            h = new Conv2D(64, 3).activation("relu").apply(h);
            h = new MaxPooling2D(2).apply(h);
            h = new Flatten().apply(h);
            h = new Dense(128).activation("relu").apply(h);
            Model m = Model.of(in, new Dense(10).apply(h));
            m.compile(new Adam(1e-3), new SparseCategoricalCrossentropy().fromLogits(true), "accuracy");
            return m;
        }

        @Override
        public Object fit(Model model) {
            return model.fit(x, y, FitOptions.defaults().batchSize(64).epochs(1).verbose(0));
        }
    }

    /**
     * W7, one Transformer encoder block: tokens (4096, 64) of 1000 ids -> Embedding(1000, 64) = h;
     * h = LayerNormalization(h + MultiHeadAttention(4, 16)(h, h)); h = LayerNormalization(h + Dense(64)(Dense(128,
     * relu)(h))) -> GlobalAveragePooling1D -> Dense(2) logits; epsilon 1e-3; Adam(1e-3); batch 32; 1 epoch.
     */
    public static final class W7 extends Run {
        final Tensor x = Tensor.randint(Shape.of(4096, 64), 1000, 7);
        final Tensor y = Tensor.randint(Shape.of(4096), 2, 8);

        @Override
        public int samples() {
            return 4096;
        }

        @Override
        public Model newModel() {
            SymbolicTensor in = Input.of(64);
            SymbolicTensor h = new Embedding(1000, 64).apply(in);
            h = new LayerNormalization().epsilon(1e-3).apply(Add.add(h, new MultiHeadAttention(4, 16).apply(h, h)));
            SymbolicTensor f = new Dense(64).apply(new Dense(128).activation("relu").apply(h));
            h = new LayerNormalization().epsilon(1e-3).apply(Add.add(h, f));
            Model m = Model.of(in, new Dense(2).apply(new GlobalAveragePooling1D().apply(h)));
            m.compile(new Adam(1e-3), new SparseCategoricalCrossentropy().fromLogits(true));
            return m;
        }

        @Override
        public Object fit(Model model) {
            return model.fit(x, y, FitOptions.defaults().batchSize(32).epochs(1).verbose(0));
        }
    }
}
