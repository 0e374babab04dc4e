package dev.lamina.losses;

import java.util.Locale;

/**
 * How {@link Loss#call} turns weighted per-sample losses into the returned tensor (Keras' {@code reduction}).
 * {@link #SUM_OVER_BATCH_SIZE} divides the weighted sum by the number of per-sample values, never by the sum of
 * the weights, so doubling every weight doubles the loss (tf.keras 2.x and Keras 3 agree).
 */
public enum Reduction {
    /** Keras' default: {@code sum(w * loss) / loss.size}. */
    SUM_OVER_BATCH_SIZE("sum_over_batch_size"),
    /** {@code sum(w * loss)}. */
    SUM("sum"),
    /** The weighted per-sample losses, unreduced. */
    NONE("none");

    private final String kerasName;

    Reduction(String kerasName) {
        this.kerasName = kerasName;
    }

    /** The string Keras uses in configs: {@code "sum_over_batch_size"}, {@code "sum"}, {@code "none"}. */
    public String kerasName() {
        return kerasName;
    }

    /** Parses a Keras reduction name; tf.keras' {@code "auto"} means {@code sum_over_batch_size}. */
    public static Reduction of(String kerasName) {
        if (kerasName != null) {
            String k = kerasName.toLowerCase(Locale.ROOT);
            if (k.equals("auto")) return SUM_OVER_BATCH_SIZE;
            for (Reduction r : values()) {
                if (r.kerasName.equals(k)) return r;
            }
        }
        throw new IllegalArgumentException("Reduction: expected one of sum_over_batch_size, sum, none (or auto), received "
                + (kerasName == null ? "null" : "'" + kerasName + "'"));
    }

    @Override
    public String toString() {
        return kerasName;
    }
}
