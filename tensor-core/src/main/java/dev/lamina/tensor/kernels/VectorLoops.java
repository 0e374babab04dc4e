package dev.lamina.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API {@link Loops}: the same float operations per element as {@link ScalarLoops}, a vector of lanes
 * at a time, with scalar tails. Loaded only when the {@code jdk.incubator.vector} module is present.
 */
final class VectorLoops implements Loops {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ScalarLoops TAIL = new ScalarLoops();

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
                if (relu) v = v.blend(zero, v.compare(VectorOperators.LE, 0f));   // NaN is not <= 0: it stays
                v.intoArray(y, base + j);
            }
            for (; j < n; j++) {
                float v = b == null ? y[base + j] : y[base + j] + b[bOff + j];
                y[base + j] = relu ? (v <= 0f ? 0f : v) : v;
            }
        }
    }

    @Override
    public void relu(float[] x, int xOff, float[] out, int outOff, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = n - n % L; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            v.blend(zero, v.compare(VectorOperators.LE, 0f)).intoArray(out, outOff + i);
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
    public void columnSums(float[] x, int off, int rows, int n, int j0, int j1, float[] out, int outOff, boolean accumulate) {
        int j = j0;
        for (; j + 2 * L <= j1; j += 2 * L) {     // two column vectors per sweep of the rows
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
        for (; j + L <= j1; j += L) {
            FloatVector s = FloatVector.zero(S);
            for (int r = 0; r < rows; r++) s = s.add(FloatVector.fromArray(S, x, off + r * n + j));
            if (accumulate) s = FloatVector.fromArray(S, out, outOff + j).add(s);
            s.intoArray(out, outOff + j);
        }
        if (j < j1) TAIL.columnSums(x, off, rows, n, j, j1, out, outOff, accumulate);
    }

    /**
     * Max pooling a vector of channels at a time: per window cell in order, a lane takes the cell when it is
     * greater, or NaN over a non-NaN (the scalar rule). The window's cells are listed first, so the vector loop is
     * a flat counted loop, which the JIT keeps in registers (nested window loops made it box the vectors).
     */
    @Override
    public void maxPool(ConvGeometry g, float[] x, int xOff, float[] out, int n0, int n1) {
        int c = g.channels;
        if (c % L != 0) {
            Pooling.maxForward(g, x, xOff, out, n0, n1);
            return;
        }
        int[] offs = new int[g.kernelH * g.kernelW];
        int o = n0 * g.outPixels() * c;
        for (int n = n0; n < n1; n++) {
            int img = xOff + n * g.imageSize();
            for (int oy = 0; oy < g.outH; oy++) {
                for (int ox = 0; ox < g.outW; ox++) {
                    int cells = windowCells(g, oy, ox, offs);
                    for (int ch = 0; ch < c; ch += L) {
                        FloatVector best = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
                        for (int k = 0; k < cells; k++) {
                            FloatVector v = FloatVector.fromArray(S, x, img + offs[k] + ch);
                            VectorMask<Float> take = v.compare(VectorOperators.GT, best)
                                    .or(v.compare(VectorOperators.NE, v).and(best.compare(VectorOperators.EQ, best)));
                            best = best.blend(v, take);
                        }
                        best.intoArray(out, o + ch);
                    }
                    o += c;
                }
            }
        }
    }

    /** The backward of {@link #maxPool}: per lane, the first cell equal to the maximum (or NaN, for NaN) takes the gradient. */
    @Override
    public void maxPoolBackward(ConvGeometry g, float[] x, int xOff, float[] y, float[] gy, int gOff, float[] dx, int n0, int n1) {
        int c = g.channels;
        if (c % L != 0) {
            Pooling.maxBackward(g, x, xOff, y, gy, gOff, dx, n0, n1);
            return;
        }
        FloatVector zero = FloatVector.zero(S);
        int[] offs = new int[g.kernelH * g.kernelW];
        int o = n0 * g.outPixels() * c;
        for (int n = n0; n < n1; n++) {
            int img = n * g.imageSize();
            for (int oy = 0; oy < g.outH; oy++) {
                for (int ox = 0; ox < g.outW; ox++) {
                    int cells = windowCells(g, oy, ox, offs);
                    for (int ch = 0; ch < c; ch += L) {
                        FloatVector best = FloatVector.fromArray(S, y, o + ch);
                        FloatVector grad = FloatVector.fromArray(S, gy, gOff + o + ch);
                        VectorMask<Float> bestNaN = best.compare(VectorOperators.NE, best);
                        VectorMask<Float> open = S.maskAll(true);         // lanes still looking for their cell
                        for (int k = 0; k < cells; k++) {
                            int cell = img + offs[k] + ch;
                            FloatVector v = FloatVector.fromArray(S, x, xOff + cell);
                            VectorMask<Float> hit = v.compare(VectorOperators.EQ, best)
                                    .or(v.compare(VectorOperators.NE, v).and(bestNaN)).and(open);
                            FloatVector.fromArray(S, dx, cell).add(zero.blend(grad, hit)).intoArray(dx, cell);
                            open = open.and(hit.not());
                        }
                    }
                    o += c;
                }
            }
        }
    }

    /** Lists the real (unpadded) cells of window {@code (oy, ox)} in order, as offsets in an image; returns how many. */
    private static int windowCells(ConvGeometry g, int oy, int ox, int[] offs) {
        int y0 = Math.max(oy * g.strideH - g.padTop, 0), y1 = Math.min(oy * g.strideH - g.padTop + g.kernelH, g.height);
        int x0 = Math.max(ox * g.strideW - g.padLeft, 0), x1 = Math.min(ox * g.strideW - g.padLeft + g.kernelW, g.width);
        int k = 0;
        for (int iy = y0; iy < y1; iy++) {
            for (int ix = x0; ix < x1; ix++) offs[k++] = (iy * g.width + ix) * g.channels;
        }
        return k;
    }

    @Override
    public void addInto(float[] dst, int dOff, float[] src, int sOff, int n) {
        int i = 0;
        for (int bound = n - n % L; i < bound; i += L) {
            FloatVector.fromArray(S, dst, dOff + i).add(FloatVector.fromArray(S, src, sOff + i)).intoArray(dst, dOff + i);
        }
        for (; i < n; i++) dst[dOff + i] += src[sOff + i];
    }

    @Override
    public boolean allFinite(float[] x, int off, int n) {
        FloatVector acc = FloatVector.zero(S);      // v * 0 is 0 for finite v and NaN for NaN or infinity
        int i = 0;
        for (int bound = n - n % L; i < bound; i += L) acc = acc.add(FloatVector.fromArray(S, x, off + i).mul(0f));
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += x[off + i] * 0f;
        return s == s;
    }

    /**
     * The block {@code [mid, inner]} read as a flat run, three vectors (one period of the channel pattern when
     * {@code 3L} is a multiple of {@code inner}) at a time; each lane keeps its own extreme, then lanes fold into
     * their channel in order. Only for {@code inner} dividing {@code 3L} but not {@code L}... or dividing L.
     */
    @Override
    public boolean extremeSmallInner(boolean max, float[] x, int off, int outer, int mid, int inner, float[] out) {
        if ((3 * L) % inner != 0 || inner > L) return false;
        VectorOperators.Comparison better = max ? VectorOperators.GT : VectorOperators.LT;
        float start = max ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        float[] tmp = new float[3 * L];
        int n = mid * inner, period = 3 * L, bound = n - n % period;
        for (int o = 0; o < outer; o++) {
            int base = off + o * n;
            FloatVector a0 = FloatVector.broadcast(S, start), a1 = a0, a2 = a0;
            for (int t = 0; t < bound; t += period) {
                FloatVector v0 = FloatVector.fromArray(S, x, base + t);
                FloatVector v1 = FloatVector.fromArray(S, x, base + t + L);
                FloatVector v2 = FloatVector.fromArray(S, x, base + t + 2 * L);
                a0 = a0.blend(v0, v0.compare(better, a0).or(v0.compare(VectorOperators.NE, v0)));
                a1 = a1.blend(v1, v1.compare(better, a1).or(v1.compare(VectorOperators.NE, v1)));
                a2 = a2.blend(v2, v2.compare(better, a2).or(v2.compare(VectorOperators.NE, v2)));
            }
            a0.intoArray(tmp, 0);
            a1.intoArray(tmp, L);
            a2.intoArray(tmp, 2 * L);
            for (int j = 0; j < inner; j++) out[o * inner + j] = start;
            for (int l = 0; l < period; l++) out[o * inner + l % inner] = fold(max, out[o * inner + l % inner], tmp[l]);
            for (int t = bound; t < n; t++) out[o * inner + t % inner] = fold(max, out[o * inner + t % inner], x[base + t]);
        }
        return true;
    }

    /** The scalar rule: the better value, NaN sticky. */
    private static float fold(boolean max, float acc, float v) {
        if (acc != acc) return acc;
        return (max ? v > acc : v < acc) || v != v ? v : acc;
    }

    /** {@code (mask * g) / count} per element as in Reduce.extremeGrad, three vectors of the channel pattern at a time. */
    @Override
    public boolean extremeGradSmallInner(float[] x, int off, int outer, int mid, int inner, float[] y, float[] g, int gOff, float[] dx) {
        if ((3 * L) % inner != 0 || inner > L) return false;
        int n = mid * inner, period = 3 * L, bound = n - n % period;
        float[] ys = new float[period], hits = new float[period], misses = new float[period], counts = new float[inner];
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f);
        for (int o = 0; o < outer; o++) {
            int base = o * n;
            for (int l = 0; l < period; l++) ys[l] = y[o * inner + l % inner];
            FloatVector y0 = FloatVector.fromArray(S, ys, 0), y1 = FloatVector.fromArray(S, ys, L), y2 = FloatVector.fromArray(S, ys, 2 * L);
            FloatVector c0 = zero, c1 = zero, c2 = zero;
            for (int t = 0; t < bound; t += period) {
                c0 = c0.add(zero.blend(one, FloatVector.fromArray(S, x, off + base + t).compare(VectorOperators.EQ, y0)));
                c1 = c1.add(zero.blend(one, FloatVector.fromArray(S, x, off + base + t + L).compare(VectorOperators.EQ, y1)));
                c2 = c2.add(zero.blend(one, FloatVector.fromArray(S, x, off + base + t + 2 * L).compare(VectorOperators.EQ, y2)));
            }
            c0.intoArray(hits, 0);              // lane counts (exact small integers), folded per channel below
            c1.intoArray(hits, L);
            c2.intoArray(hits, 2 * L);
            java.util.Arrays.fill(counts, 0f);
            for (int l = 0; l < period; l++) counts[l % inner] += hits[l];
            for (int t = bound; t < n; t++) counts[t % inner] += x[off + base + t] == y[o * inner + t % inner] ? 1f : 0f;
            for (int l = 0; l < period; l++) {
                float gv = g[gOff + o * inner + l % inner], cnt = counts[l % inner];
                hits[l] = 1f * gv / cnt;
                misses[l] = 0f * gv / cnt;
            }
            FloatVector h0 = FloatVector.fromArray(S, hits, 0), h1 = FloatVector.fromArray(S, hits, L), h2 = FloatVector.fromArray(S, hits, 2 * L);
            FloatVector m0 = FloatVector.fromArray(S, misses, 0), m1 = FloatVector.fromArray(S, misses, L), m2 = FloatVector.fromArray(S, misses, 2 * L);
            for (int t = 0; t < bound; t += period) {
                m0.blend(h0, FloatVector.fromArray(S, x, off + base + t).compare(VectorOperators.EQ, y0)).intoArray(dx, base + t);
                m1.blend(h1, FloatVector.fromArray(S, x, off + base + t + L).compare(VectorOperators.EQ, y1)).intoArray(dx, base + t + L);
                m2.blend(h2, FloatVector.fromArray(S, x, off + base + t + 2 * L).compare(VectorOperators.EQ, y2)).intoArray(dx, base + t + 2 * L);
            }
            for (int t = bound; t < n; t++) {
                int l = t % inner;
                dx[base + t] = x[off + base + t] == y[o * inner + l] ? hits[l] : misses[l];
            }
        }
        return true;
    }

    @Override
    public String name() {
        return "vector";
    }
}
