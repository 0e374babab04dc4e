package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.io.ConfigReader;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Argument checks and output-shape arithmetic shared by the convolution and pooling layers (channels_last). */
final class ConvArgs {
    static final String CHANNELS_LAST = "channels_last";

    private ConvArgs() {
    }

    /** One value for every spatial axis, or one per axis; each must be positive. */
    static int[] tuple(String owner, String arg, int[] values, int rank) {
        return tuple(owner, arg, values, rank, 1);
    }

    /** As {@link #tuple(String, String, int[], int)} with each value at least {@code min}. */
    static int[] tuple(String owner, String arg, int[] values, int rank, int min) {
        if (values == null || (values.length != 1 && values.length != rank)) {
            throw new IllegalArgumentException(owner + ": expected " + arg + " as 1 or " + rank + (min == 1 ? " positive" : "") + " integers, received "
                    + arg + "=" + (values == null ? "null" : java.util.Arrays.toString(values)));
        }
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = values.length == 1 ? values[0] : values[i];
            if (out[i] < min) {
                throw new IllegalArgumentException(owner + ": expected " + arg + (min == 1 ? " > 0" : " >= " + min) + ", received " + arg + "=" + text(values));
            }
        }
        return out;
    }

    /**
     * Keras' 2-D padding/cropping argument as {@code {top, bottom, left, right}}: one int for all four, two
     * (symmetric height and width), or four; each at least 0.
     */
    static int[] pairs2d(String owner, String arg, int[] values) {
        if (values == null || (values.length != 1 && values.length != 2 && values.length != 4)) {
            throw new IllegalArgumentException(owner + ": expected " + arg + " as 1, 2 (height, width) or 4 (top, bottom, left, right) integers, received "
                    + arg + "=" + (values == null ? "null" : java.util.Arrays.toString(values)));
        }
        int[] out = values.length == 1 ? new int[]{values[0], values[0], values[0], values[0]}
                : values.length == 2 ? new int[]{values[0], values[0], values[1], values[1]} : values.clone();
        for (int v : out) {
            if (v < 0) throw new IllegalArgumentException(owner + ": expected " + arg + " >= 0, received " + arg + "=" + java.util.Arrays.toString(values));
        }
        return out;
    }

    /**
     * A 2-D padding/cropping config entry as {@code {top, bottom, left, right}}: an int, {@code [h, w]} or
     * {@code [[top, bottom], [left, right]]} as Keras writes it; absent or null gives {@code dflt} on every side.
     */
    static int[] pairs2d(ConfigReader r, String owner, String arg, int dflt) {
        Object v = r.raw(arg, null);
        Map<String, Object> one = new LinkedHashMap<>();
        if (v instanceof List && ((List<?>) v).size() == 2 && ((List<?>) v).get(0) instanceof List) {
            // Nested pairs: each half goes through the reader, so its errors name padding[0] or padding[1].
            one.put(arg + "[0]", ((List<?>) v).get(0));
            one.put(arg + "[1]", ((List<?>) v).get(1));
            ConfigReader halves = new ConfigReader(owner, one);
            int[] h = halves.requireInts(arg + "[0]", 2), w = halves.requireInts(arg + "[1]", 2);
            return pairs2d(owner, arg, new int[]{h[0], h[1], w[0], w[1]});
        }
        if (v == null) return pairs2d(owner, arg, new int[]{dflt});
        one.put(arg, v);
        return pairs2d(owner, arg, new ConfigReader(owner, one).requireInts(arg, v instanceof Number ? 1 : -1));
    }

    /** {@code {top, bottom, left, right}} as Keras writes it into configs: {@code [[top, bottom], [left, right]]}. */
    static List<List<Integer>> pairsConfig(int[] p) {
        return List.of(List.of(p[0], p[1]), List.of(p[2], p[3]));
    }

    /** {@code "valid"} or {@code "same"} (or {@code "causal"} where allowed), case-insensitive as in Keras; returned lower-case. */
    static String padding(String owner, String padding, boolean causalAllowed) {
        String p = padding == null ? null : padding.toLowerCase(Locale.ROOT);
        if (!"valid".equals(p) && !"same".equals(p) && !(causalAllowed && "causal".equals(p))) {
            throw new IllegalArgumentException(owner + ": expected padding " + (causalAllowed ? "'valid', 'same' or 'causal'" : "'valid' or 'same'")
                    + ", received padding='" + padding + "'");
        }
        return p;
    }

    /** Rejects every data format but channels_last, the only layout Lamina has. */
    static void channelsLast(String owner, Map<String, Object> config) {
        Object f = config.get("data_format");
        if (f != null && !CHANNELS_LAST.equals(f)) {
            throw new IllegalArgumentException(owner + ".fromConfig: expected data_format 'channels_last', received '" + f + "'");
        }
    }

    /** Keras' output length: valid {@code floor((n - span) / stride) + 1}, same and causal {@code ceil(n / stride)}; None stays None. */
    static int outputLength(int n, int window, int stride, String padding, int dilation) {
        if (n == Shape.UNKNOWN) return Shape.UNKNOWN;
        if (!"valid".equals(padding)) return (n + stride - 1) / stride;
        int span = dilation * (window - 1) + 1;
        return n < span ? 0 : (n - span) / stride + 1;
    }

    /**
     * The output shape of a windowed op over the spatial axes 1..rank of {@code in}; the channel axis becomes
     * {@code channels} unless it is negative. Throws naming {@code layer} when a valid window does not fit.
     */
    static Shape outputShape(Layer layer, Shape in, int[] window, int[] strides, String padding, int[] dilation, int channels) {
        int[] d = in.toArray();
        for (int i = 0; i < window.length; i++) {
            d[1 + i] = outputLength(d[1 + i], window[i], strides[i], padding, dilation[i]);
            if (d[1 + i] == 0) {
                int[] span = new int[window.length];
                for (int k = 0; k < span.length; k++) span[k] = dilation[k] * (window[k] - 1) + 1;
                throw new IllegalArgumentException(who(layer) + ": expected spatial dimensions of at least " + text(span)
                        + " for padding 'valid', received input shape " + in);
            }
        }
        if (channels >= 0) d[d.length - 1] = channels;
        return Shape.of(d);
    }

    /** Checks an input of rank {@code spatialRank + 2}, as {@code layout} describes it. */
    static void checkRank(Layer layer, Shape in, int spatialRank, String layout) {
        if (in.rank() != spatialRank + 2) {
            throw new IllegalArgumentException(who(layer) + ": expected an input of rank " + (spatialRank + 2) + " " + layout + ", received " + in);
        }
    }

    static String who(Layer layer) {
        return layer.className() + " '" + layer.name() + "'";
    }

    /** Python tuple text, as Keras prints sizes: {@code (3, 3)} or {@code (3,)}. */
    static String text(int[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(v[i]);
        return sb.append(v.length == 1 ? ",)" : ")").toString();
    }
}
