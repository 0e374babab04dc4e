package dev.lamina;

import dev.lamina.tensor.Rng;

import java.util.HashMap;
import java.util.Map;

/**
 * Process-wide settings that Keras keeps in its backend session: the random seed that weight initialisers and
 * dropout draw from ({@code keras.utils.set_random_seed}) and the counters behind automatic layer names
 * ({@code dense}, {@code dense_1}, ...; {@code keras.backend.clear_session}).
 */
public final class Lamina {
    private static final Map<String, Integer> NAME_COUNTS = new HashMap<>();
    private static Rng seeds = new Rng(1337);

    private Lamina() {
    }

    /** Re-seeds every later weight initialisation and dropout mask: same seed, same numbers. */
    public static synchronized void setRandomSeed(long seed) {
        seeds = new Rng(seed);
    }

    /** A fresh seed drawn from the session generator. */
    public static synchronized long nextSeed() {
        return seeds.nextUInt32();
    }

    /** The session generator's state ({@link Rng#getState()}), so a checkpoint can resume its sequence. */
    public static synchronized int[] randomState() {
        return seeds.getState();
    }

    /** Restores {@link #randomState()}: later seeds continue exactly from there. */
    public static synchronized void setRandomState(int[] state) {
        Rng r = new Rng(0);
        r.setState(state);
        seeds = r;
    }

    /** Resets the automatic layer names, so the next Dense is called {@code dense} again. */
    public static synchronized void clearSession() {
        NAME_COUNTS.clear();
    }

    /** {@code base}, then {@code base_1}, {@code base_2}, ... (Keras' {@code backend.get_uid}). */
    public static synchronized String uniqueName(String base) {
        int n = NAME_COUNTS.merge(base, 1, Integer::sum) - 1;
        return n == 0 ? base : base + "_" + n;
    }
}
