package dev.lamina.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Simd}'s Vector API form: the same float operations per element as {@link ScalarSimd}, a vector of lanes
 * at a time, with scalar tails. Loaded only when the {@code jdk.incubator.vector} module is present.
 */
final class VectorSimd implements Simd.Impl {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ScalarSimd TAIL = new ScalarSimd();

    @Override
    public void biasRelu(float[] y, int off, int rows, int n, float[] b, int bOff, boolean relu) {
        FloatVector zero = FloatVector.zero(S);
        int bound = n - n % L;
        for (int r = 0; r < rows; r++) {
            int base = off + r * n;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector v = FloatVector.fromArray(S, y, base + j);
                if (b != null) v = v.add(FloatVector.fromArray(S, b, bOff + j));
                if (relu) v = zero.blend(v, v.compare(VectorOperators.GT, 0f));
                v.intoArray(y, base + j);
            }
            for (; j < n; j++) {
                float v = b == null ? y[base + j] : y[base + j] + b[bOff + j];
                y[base + j] = relu ? (v > 0f ? v : 0f) : v;
            }
        }
    }

    @Override
    public void relu(float[] x, int xOff, float[] out, int outOff, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = n - n % L; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(out, outOff + i);
        }
        if (i < n) TAIL.relu(x, xOff + i, out, outOff + i, n - i);
    }

    @Override
    public void reluGrad(float[] g, int gOff, float[] y, int yOff, float[] out, int outOff, int n) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int bound = n - n % L; i < bound; i += L) {
            VectorMask<Float> pos = FloatVector.fromArray(S, y, yOff + i).compare(VectorOperators.GT, 0f);
            FloatVector.fromArray(S, g, gOff + i).mul(zero.blend(one, pos)).intoArray(out, outOff + i);
        }
        if (i < n) TAIL.reluGrad(g, gOff + i, y, yOff + i, out, outOff + i, n - i);
    }

    @Override
    public void columnSums(float[] x, int off, int rows, int n, float[] out, int outOff, boolean accumulate) {
        int j = 0;
        for (int bound = n - n % (2 * L); j < bound; j += 2 * L) {     // two column vectors per sweep of the rows
            FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
            for (int r = 0; r < rows; r++) {
                int p = off + r * n + j;
                s0 = s0.add(FloatVector.fromArray(S, x, p));
                s1 = s1.add(FloatVector.fromArray(S, x, p + L));
            }
            if (accumulate) {
                s0 = FloatVector.fromArray(S, out, outOff + j).add(s0);
                s1 = FloatVector.fromArray(S, out, outOff + j + L).add(s1);
            }
            s0.intoArray(out, outOff + j);
            s1.intoArray(out, outOff + j + L);
        }
        for (int bound = n - n % L; j < bound; j += L) {
            FloatVector s = FloatVector.zero(S);
            for (int r = 0; r < rows; r++) s = s.add(FloatVector.fromArray(S, x, off + r * n + j));
            if (accumulate) s = FloatVector.fromArray(S, out, outOff + j).add(s);
            s.intoArray(out, outOff + j);
        }
        for (; j < n; j++) {
            float s = 0f;
            for (int r = 0; r < rows; r++) s += x[off + r * n + j];
            out[outOff + j] = accumulate ? out[outOff + j] + s : s;
        }
    }

    @Override
    public String name() {
        return "vector";
    }
}
