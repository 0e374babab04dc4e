package dev.lamina.tensor.kernels;

/** The plain-loop {@link Loops} (the scalar kernel set, without the Vector API module). */
final class ScalarLoops implements Loops {
    @Override
    public void biasRelu(float[] y, int off, int rows, int n, float[] b, int bOff, boolean relu) {
        for (int r = 0; r < rows; r++) {
            int base = off + r * n;
            for (int j = 0; j < n; j++) {
                float v = b == null ? y[base + j] : y[base + j] + b[bOff + j];
                y[base + j] = relu ? (v <= 0f ? 0f : v) : v;   // NaN stays NaN, -0 gives +0
            }
        }
    }

    @Override
    public void relu(float[] x, int xOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            out[outOff + i] = v <= 0f ? 0f : v;
        }
    }

    @Override
    public void reluGrad(float[] g, int gOff, float[] y, int yOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) out[outOff + i] = g[gOff + i] * (y[yOff + i] > 0f ? 1f : 0f);
    }

    @Override
    public void columnSums(float[] x, int off, int rows, int n, int j0, int j1, float[] out, int outOff, boolean accumulate) {
        int w = j1 - j0;
        if (w <= 4) {                  // a few columns (a small bias): sums in registers
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            for (int r = 0, p = off + j0; r < rows; r++, p += n) {
                s0 += x[p];
                if (w > 1) s1 += x[p + 1];
                if (w > 2) s2 += x[p + 2];
                if (w > 3) s3 += x[p + 3];
            }
            float[] sums = {s0, s1, s2, s3};
            for (int j = 0; j < w; j++) out[outOff + j0 + j] = accumulate ? out[outOff + j0 + j] + sums[j] : sums[j];
            return;
        }
        float[] s = new float[j1 - j0];
        for (int r = 0; r < rows; r++) {
            int base = off + r * n + j0;
            for (int j = 0; j < s.length; j++) s[j] += x[base + j];
        }
        for (int j = 0; j < s.length; j++) out[outOff + j0 + j] = accumulate ? out[outOff + j0 + j] + s[j] : s[j];
    }

    @Override
    public void maxPool(ConvGeometry g, float[] x, int xOff, float[] out, int n0, int n1) {
        Pooling.maxForward(g, x, xOff, out, n0, n1);
    }

    @Override
    public void maxPoolBackward(ConvGeometry g, float[] x, int xOff, float[] y, float[] gy, int gOff, float[] dx, int n0, int n1) {
        Pooling.maxBackward(g, x, xOff, y, gy, gOff, dx, n0, n1);
    }

    @Override
    public void addInto(float[] dst, int dOff, float[] src, int sOff, int n) {
        for (int i = 0; i < n; i++) dst[dOff + i] += src[sOff + i];
    }

    @Override
    public boolean allFinite(float[] x, int off, int n) {
        float acc = 0f;                 // v * 0 is 0 for finite v and NaN for NaN or infinity
        for (int i = 0; i < n; i++) acc += x[off + i] * 0f;
        return acc == acc;
    }

    @Override
    public boolean extremeSmallInner(boolean max, float[] x, int off, int outer, int mid, int inner, float[] out) {
        return false;
    }

    @Override
    public boolean extremeGradSmallInner(float[] x, int off, int outer, int mid, int inner, float[] y, float[] g, int gOff, float[] dx) {
        return false;
    }

    @Override
    public String name() {
        return "scalar";
    }
}
