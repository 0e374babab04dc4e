package dev.lamina.tensor;

/**
 * A seeded random generator that reproduces NumPy's legacy {@code np.random.RandomState(seed)} (MT19937):
 * {@code random_sample}, {@code standard_normal} (polar method), {@code randint} (masked rejection) and
 * {@code permutation} give NumPy's numbers on every machine. Not thread-safe.
 */
public final class Rng {
    private static final int N = 624;
    private static final int M = 397;
    private final int[] mt = new int[N];
    private int pos;
    private boolean hasGauss;
    private double gauss;

    public Rng(long seed) {
        setSeed(seed);
    }

    private void setSeed(long seed) {
        long s = seed & 0xffffffffL;
        for (int i = 0; i < N; i++) {
            mt[i] = (int) s;
            s = (1812433253L * (s ^ (s >>> 30)) + i + 1) & 0xffffffffL;
        }
        pos = N;
        hasGauss = false;
    }

    /** The number of ints in {@link #getState()}: the 624 MT19937 words, the position and the cached normal deviate. */
    public static final int STATE_SIZE = N + 4;

    /**
     * The generator's full state, like NumPy's {@code get_state()}: the 624 key words, the position in them, a
     * has-cached-normal flag and the cached normal's bits (high, low). {@link #setState} continues exactly here.
     */
    public int[] getState() {
        int[] s = new int[STATE_SIZE];
        System.arraycopy(mt, 0, s, 0, N);
        s[N] = pos;
        s[N + 1] = hasGauss ? 1 : 0;
        long g = Double.doubleToRawLongBits(gauss);
        s[N + 2] = (int) (g >>> 32);
        s[N + 3] = (int) g;
        return s;
    }

    /** Restores a {@link #getState()} snapshot; a malformed one is rejected and changes nothing. */
    public void setState(int[] state) {
        if (state == null || state.length != STATE_SIZE) {
            throw new IllegalArgumentException("Rng.setState: expected " + STATE_SIZE + " ints, received " + (state == null ? "null" : state.length));
        }
        if (state[N] < 0 || state[N] > N || (state[N + 1] != 0 && state[N + 1] != 1)) {
            throw new IllegalArgumentException("Rng.setState: expected a position in [0, " + N + "] and a 0/1 flag, received position="
                    + state[N] + ", flag=" + state[N + 1]);
        }
        System.arraycopy(state, 0, mt, 0, N);
        pos = state[N];
        hasGauss = state[N + 1] == 1;
        gauss = Double.longBitsToDouble(((long) state[N + 2] << 32) | (state[N + 3] & 0xffffffffL));
    }

    /** The next 32 random bits (MT19937 {@code genrand_int32}), as an unsigned value in a long. */
    public long nextUInt32() {
        if (pos >= N) twist();
        int y = mt[pos++];
        y ^= (y >>> 11);
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= (y >>> 18);
        return y & 0xffffffffL;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
            int v = mt[(i + M) % N] ^ (y >>> 1);
            if ((y & 1) != 0) v ^= 0x9908b0df;
            mt[i] = v;
        }
        pos = 0;
    }

    /** A double in [0, 1) with 53 random bits ({@code np.random.random_sample}). */
    public double nextDouble() {
        long a = nextUInt32() >>> 5, b = nextUInt32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** A standard normal deviate ({@code np.random.standard_normal}, legacy polar method). */
    public double nextGaussian() {
        if (hasGauss) {
            hasGauss = false;
            return gauss;
        }
        double x1, x2, r2;
        do {
            x1 = 2.0 * nextDouble() - 1.0;
            x2 = 2.0 * nextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /** A uniform integer in [0, max] by masked rejection ({@code random_interval}). */
    public long nextInterval(long max) {
        if (max == 0) return 0;
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long v;
        do {
            v = nextUInt32() & mask;
        } while (v > max);
        return v;
    }

    /** A uniform integer in [0, high), as {@code np.random.randint(high)}. */
    public int nextInt(int high) {
        if (high <= 0) throw new IllegalArgumentException("Rng.nextInt: expected high > 0, received " + high);
        return (int) nextInterval(high - 1L);
    }

    public Tensor uniform(Shape shape, float low, float high) {
        float[] d = new float[shape.size()];
        for (int i = 0; i < d.length; i++) d[i] = (float) (low + (high - (double) low) * nextDouble());
        return Tensor.of(d, shape);
    }

    public Tensor normal(Shape shape, float mean, float stddev) {
        float[] d = new float[shape.size()];
        for (int i = 0; i < d.length; i++) d[i] = (float) (mean + stddev * nextGaussian());
        return Tensor.of(d, shape);
    }

    public Tensor randint(Shape shape, int high) {
        float[] d = new float[shape.size()];
        for (int i = 0; i < d.length; i++) d[i] = nextInt(high);
        return Tensor.of(d, shape);
    }

    /** A random permutation of {@code 0..n-1}, as {@code np.random.permutation(n)}. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = (int) nextInterval(i);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
