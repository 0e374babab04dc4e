package dev.lamina.tensor;

import java.util.Arrays;
import java.util.Locale;

/**
 * Argument checks and window arithmetic shared by {@link ConvOps} and {@link PoolOps}: padding names, strides,
 * dilations and the padding and output length of one spatial axis, with Keras' rules. Internal.
 */
final class WindowArgs {
    private WindowArgs() {
    }

    /**
     * {@code {padBefore, outLength}} of one spatial axis; throws when a {@code "valid"} window (dilated extent
     * {@code dilation*(k-1)+1}) is larger than the input.
     */
    static int[] window(String op, String padding, String axis, int n, int k, int stride, int dilation, Shape xs, Shape ks) {
        if (k < 1) throw new ShapeMismatchException(op, "a window of at least 1 cell along the " + axis, xs, ks);
        int effective = dilation * (k - 1) + 1;
        switch (padding) {
            case "valid":
                if (effective > n) {
                    throw new ShapeMismatchException(op, "a window (extent " + effective + " with dilation " + dilation
                            + ") no larger than the input " + axis + " " + n + " with padding 'valid'", xs, ks);
                }
                return new int[]{0, (n - effective) / stride + 1};
            case "same": {
                int out = (n + stride - 1) / stride;
                int total = Math.max((out - 1) * stride + effective - n, 0);
                return new int[]{total / 2, out};
            }
            default:   // causal: all padding before, so output t sees inputs up to t only
                return new int[]{effective - 1, (n - 1) / stride + 1};
        }
    }

    static String padding(String op, String padding, boolean causalAllowed) {
        String p = padding == null ? "null" : padding.toLowerCase(Locale.ROOT);
        if (p.equals("valid") || p.equals("same") || (causalAllowed && p.equals("causal"))) return p;
        String expected = causalAllowed ? "'valid', 'same' or 'causal'" : "'valid' or 'same'";
        throw new IllegalArgumentException(op + ": expected padding " + expected + ", received '" + padding + "'");
    }

    static void checkPositive(String op, String name, int v) {
        if (v < 1) throw new IllegalArgumentException(op + ": expected " + name + " >= 1, received " + name + "=" + v);
    }

    static void checkPair(String op, String name, int[] v) {
        if (v == null || v.length != 2 || v[0] < 1 || v[1] < 1) {
            throw new IllegalArgumentException(op + ": expected " + name + " as 2 integers >= 1 (height, width), received "
                    + (v == null ? "null" : Arrays.toString(v)));
        }
    }
}
