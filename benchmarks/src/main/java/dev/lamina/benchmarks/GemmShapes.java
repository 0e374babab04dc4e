package dev.lamina.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The GEMM workloads by name: square products and the layer products of W1 (batch 32, 32-64-64-10) and W3
 * (batch 128, 784-512-512-10). For a Dense layer with input X [batch, in], kernel W [in, out] and output gradient
 * dY [batch, out]: {@code fwd} is X·W, {@code dW} is X^T·dY (transA), {@code dX} is dY·W^T (transB).
 */
public final class GemmShapes {
    /** Name to {m, n, k, transA, transB}. */
    private static final Map<String, int[]> SHAPES = new LinkedHashMap<>();

    static {
        for (int n : new int[]{64, 128, 256, 512, 1024}) SHAPES.put("n" + n, new int[]{n, n, n, 0, 0});
        layers("W1", 32, 32, 64, 64, 10);
        layers("W3", 128, 784, 512, 512, 10);
        conv("W4c1", 64 * 676, 9, 32);      // first convolution: a batch of 64 images of 26x26 pixels
        conv("W4c2", 60 * 121, 288, 64);    // second: one im2col chunk, 60 images of 11x11 pixels, 3x3x32 patches
    }

    /** A convolution as im2col GEMMs: {@code pixels} patch rows of {@code patch} values, {@code filters} outputs. */
    private static void conv(String w, int pixels, int patch, int filters) {
        SHAPES.put(w + ".fwd", new int[]{pixels, filters, patch, 0, 0});
        SHAPES.put(w + ".dW", new int[]{patch, filters, pixels, 1, 0});
        SHAPES.put(w + ".dX", new int[]{pixels, patch, filters, 0, 1});
    }

    private GemmShapes() {
    }

    private static void layers(String w, int batch, int... widths) {
        for (int l = 0; l + 1 < widths.length; l++) {
            int in = widths[l], out = widths[l + 1];
            SHAPES.put(w + ".fwd" + (l + 1), new int[]{batch, out, in, 0, 0});
            SHAPES.put(w + ".dW" + (l + 1), new int[]{in, out, batch, 1, 0});
            SHAPES.put(w + ".dX" + (l + 1), new int[]{batch, in, out, 0, 1});
        }
    }

    /** {m, n, k, transA, transB} of a named shape. */
    public static int[] get(String name) {
        int[] s = SHAPES.get(name);
        if (s == null) throw new IllegalArgumentException("GemmShapes: expected one of " + SHAPES.keySet() + ", received " + name);
        return s;
    }

    /** The names in table order. */
    public static Iterable<String> names() {
        return SHAPES.keySet();
    }

    /** Floating-point operations of one product: 2mnk. */
    public static double flops(String name) {
        int[] s = get(name);
        return 2.0 * s[0] * s[1] * s[2];
    }

    /** "m x n x k" and the transpose form, e.g. "784x512x128 A^T.B". */
    public static String describe(String name) {
        int[] s = get(name);
        return s[0] + "x" + s[1] + "x" + s[2] + " " + (s[3] == 1 ? "A^T" : "A") + "." + (s[4] == 1 ? "B^T" : "B");
    }
}
