package dev.lamina.serving;

/**
 * One thread's working memory for one {@link Predictor}: where each value of the plan lives during a call (an array
 * and an offset), and the buffers this thread owns for the values its steps write. A buffer is kept between calls
 * and replaced only when the batch size changes, so steady-state calls at one batch size allocate nothing here.
 */
final class Frame {
    final float[][] arr;
    final int[] off;
    private final float[][] own;

    Frame(int values) {
        arr = new float[values][];
        off = new int[values];
        own = new float[values][];
    }

    /** This thread's buffer for value {@code v}, exactly {@code size} floats, bound as the value's storage. */
    float[] out(int v, int size) {
        float[] b = own[v];
        if (b == null || b.length != size) own[v] = b = new float[size];
        arr[v] = b;
        off[v] = 0;
        return b;
    }

    /** Binds value {@code v} to an array someone else owns (the caller's input, a layer's output). */
    void bind(int v, float[] a, int o) {
        arr[v] = a;
        off[v] = o;
    }

    /** Value {@code v}'s {@code size} floats as an array of exactly that length from 0: its own storage when it is one, else a copy. */
    float[] exact(int v, int size) {
        float[] a = arr[v];
        if (off[v] == 0 && a.length == size) return a;
        return java.util.Arrays.copyOfRange(a, off[v], off[v] + size);
    }
}
