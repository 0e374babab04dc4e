package dev.lamina.tensor.kernels;

/** {@link Simd}'s plain-loop form (no Vector API module). */
final class ScalarSimd implements Simd.Impl {
    @Override
    public void biasRelu(float[] y, int off, int rows, int n, float[] b, int bOff, boolean relu) {
        for (int r = 0; r < rows; r++) {
            int base = off + r * n;
            for (int j = 0; j < n; j++) {
                float v = b == null ? y[base + j] : y[base + j] + b[bOff + j];
                y[base + j] = relu ? (v > 0f ? v : 0f) : v;
            }
        }
    }

    @Override
    public void relu(float[] x, int xOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            out[outOff + i] = v > 0f ? v : 0f;
        }
    }

    @Override
    public void reluGrad(float[] g, int gOff, float[] y, int yOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) out[outOff + i] = g[gOff + i] * (y[yOff + i] > 0f ? 1f : 0f);
    }

    @Override
    public void columnSums(float[] x, int off, int rows, int n, float[] out, int outOff, boolean accumulate) {
        float[] s = new float[n];
        for (int r = 0; r < rows; r++) {
            int base = off + r * n;
            for (int j = 0; j < n; j++) s[j] += x[base + j];
        }
        for (int j = 0; j < n; j++) out[outOff + j] = accumulate ? out[outOff + j] + s[j] : s[j];
    }

    @Override
    public String name() {
        return "scalar";
    }
}
