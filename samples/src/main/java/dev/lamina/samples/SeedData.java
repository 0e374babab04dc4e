package dev.lamina.samples;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

/**
 * The seed's dummy data, drawn like {@code np.random.random((1000, 32))} and {@code np.random.randint(10,
 * size=(1000,))} with NumPy's legacy generator and a fixed seed per array, so every run sees the same numbers.
 * Experiments 2-5 reuse Experiment 1's training arrays, as the seed does.
 */
public final class SeedData {
    private SeedData() {
    }

    /** {@code x_train = np.random.random((1000, 32))} */
    public static Tensor xTrain() {
        return Tensor.uniform(Shape.of(1000, 32), 0f, 1f, 1);
    }

    /** {@code y_train = np.random.randint(10, size=(1000,))} */
    public static Tensor yTrain() {
        return Tensor.randint(Shape.of(1000), 10, 2);
    }

    public static Tensor xVal() {
        return Tensor.uniform(Shape.of(200, 32), 0f, 1f, 3);
    }

    public static Tensor yVal() {
        return Tensor.randint(Shape.of(200), 10, 4);
    }

    public static Tensor xTest() {
        return Tensor.uniform(Shape.of(200, 32), 0f, 1f, 5);
    }

    public static Tensor yTest() {
        return Tensor.randint(Shape.of(200), 10, 6);
    }

    /** Prints a heading so the experiments are easy to tell apart when Main runs them all. */
    public static void banner(String title) {
        System.out.println();
        System.out.println("=".repeat(Math.max(20, title.length())));
        System.out.println(title);
        System.out.println("=".repeat(Math.max(20, title.length())));
    }
}
