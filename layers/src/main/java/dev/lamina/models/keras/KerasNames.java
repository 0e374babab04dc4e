package dev.lamina.models.keras;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The names Keras 3 derives from class names: {@code naming.to_snake_case} and the per-container numbering
 * {@code _save_container_state} gives the weights file's groups ({@code dense}, {@code dense_1}, ...), which depend
 * on the classes in order, never on the layers' own names.
 */
public final class KerasNames {
    private static final Pattern NON_WORD = Pattern.compile("\\W+");
    private static final Pattern CAPITALIZED = Pattern.compile("(.)([A-Z][a-z]+)");
    private static final Pattern LOWER_UPPER = Pattern.compile("([a-z])([A-Z])");
    private final Map<String, Integer> used = new HashMap<>();

    /** Keras' {@code to_snake_case}: {@code Conv2D -> conv2d}, {@code MaxPooling2D -> max_pooling2d}, {@code LeakyReLU -> leaky_re_lu}. */
    public static String toSnakeCase(String className) {
        String s = NON_WORD.matcher(className).replaceAll("");
        s = CAPITALIZED.matcher(s).replaceAll("$1_$2");
        return LOWER_UPPER.matcher(s).replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** The next element name in one container: the snake name, then {@code _1}, {@code _2}, ... for repeats. */
    public String next(String className) {
        String base = toSnakeCase(className);
        int n = used.merge(base, 1, Integer::sum) - 1;
        return n == 0 ? base : base + "_" + n;
    }
}
