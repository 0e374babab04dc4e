package dev.lamina.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DirectConv}'s per-image loops specialised to exactly three filters (the seed's Experiment 6): every vector
 * of input serves three FMA chains, where the general loops pad the filters to four and waste a quarter of the
 * work. Same planes, same layouts, and each chain the same float operations in the same order. Loaded only with
 * the {@code jdk.incubator.vector} module. Internal.
 */
final class DirectConvThreeFilters {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final FloatVector IOTA = FloatVector.zero(S).addIndex(1);

    private DirectConvThreeFilters() {
    }

    /**
     * One image's outputs for exactly three filters ({@code k [patch, 3]} from {@code kOff}): four vectors of a row
     * per filter (twelve FMA chains, no padded filter), written interleaved on vectors.
     */
    static void imageForward(ConvGeometry g, float[] plane, int wp, int[] offs, float[] k, int kOff,
                                      float[] bias, int bOff, boolean relu, float[] y, int yImg, float[] tmp) {
        int patch = offs.length;
        for (int oy = 0; oy < g.outH; oy++) {
            for (int ox = 0; ox < g.outW; ox += 4 * L) {
                int corner = oy * g.strideH * wp + ox;
                FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0,
                        c0 = a0, c1 = a0, c2 = a0, c3 = a0;
                for (int p = 0; p < patch; p++) {
                    int at = corner + offs[p], kp = kOff + 3 * p;
                    FloatVector w0 = FloatVector.broadcast(S, k[kp]);
                    FloatVector w1 = FloatVector.broadcast(S, k[kp + 1]);
                    FloatVector w2 = FloatVector.broadcast(S, k[kp + 2]);
                    FloatVector u = FloatVector.fromArray(S, plane, at);
                    a0 = u.fma(w0, a0);
                    b0 = u.fma(w1, b0);
                    c0 = u.fma(w2, c0);
                    u = FloatVector.fromArray(S, plane, at + L);
                    a1 = u.fma(w0, a1);
                    b1 = u.fma(w1, b1);
                    c1 = u.fma(w2, c1);
                    u = FloatVector.fromArray(S, plane, at + 2 * L);
                    a2 = u.fma(w0, a2);
                    b2 = u.fma(w1, b2);
                    c2 = u.fma(w2, c2);
                    u = FloatVector.fromArray(S, plane, at + 3 * L);
                    a3 = u.fma(w0, a3);
                    b3 = u.fma(w1, b3);
                    c3 = u.fma(w2, c3);
                }
                a0.intoArray(tmp, 0);             // tmp [filter][4L]: no vector crosses a call (it would be boxed)
                a1.intoArray(tmp, L);
                a2.intoArray(tmp, 2 * L);
                a3.intoArray(tmp, 3 * L);
                b0.intoArray(tmp, 4 * L);
                b1.intoArray(tmp, 5 * L);
                b2.intoArray(tmp, 6 * L);
                b3.intoArray(tmp, 7 * L);
                c0.intoArray(tmp, 8 * L);
                c1.intoArray(tmp, 9 * L);
                c2.intoArray(tmp, 10 * L);
                c3.intoArray(tmp, 11 * L);
                store(tmp, bias, bOff, relu, y, yImg + (oy * g.outW + ox) * 3, Math.min(4 * L, g.outW - ox));
            }
        }
    }

    /**
     * {@code tmp [3][4L]}, three filters' sums over 4L pixels, to {@code y[at ..]} interleaved, {@code pixels} of
     * them, with bias and relu (the scalar {@code v + b}, {@code v <= 0 ? 0 : v}) applied on vectors.
     */
    private static void store(float[] tmp, float[] bias, int bOff, boolean relu, float[] y, int at, int pixels) {
        if (bias != null || relu) {
            FloatVector zero = FloatVector.zero(S);
            for (int i = 0; i < 12 * L; i += L) {
                FloatVector v = FloatVector.fromArray(S, tmp, i);
                if (bias != null) v = v.add(bias[bOff + i / (4 * L)]);
                if (relu) v = v.blend(zero, v.compare(VectorOperators.LE, 0f));
                v.intoArray(tmp, i);
            }
        }
        for (int l = 0; l < pixels; l++) {
            y[at + 3 * l] = tmp[l];
            y[at + 3 * l + 1] = tmp[4 * L + l];
            y[at + 3 * l + 2] = tmp[8 * L + l];
        }
    }

    /**
     * {@link DirectConv}'s kernel gradient of one image for exactly three filters: per three kernel values, nine FMA chains (each chain the
     * same operations as there).
     */
    static void imageKernelGrad(ConvGeometry g, float[] plane, int wp, int[] offs, float[] gt, int ow,
                                         float[] partial, int part) {
        int rowStep = g.strideH * wp, gRow = g.outH * ow, full = g.outW / L * L, tail = g.outW - full;
        int slots = g.outH * (ow / L);
        VectorMask<Float> keep = IOTA.compare(VectorOperators.LT, (float) tail);
        FloatVector zero = FloatVector.zero(S);
        int patch = offs.length;
        for (int p = 0; p < patch; p += 3) {
            int p1 = Math.min(p + 1, patch - 1), p2 = Math.min(p + 2, patch - 1);   // a short last group repeats p
            FloatVector a0 = zero, a1 = zero, a2 = zero, b0 = zero, b1 = zero, b2 = zero, c0 = zero, c1 = zero, c2 = zero;
            int ra = offs[p], rb = offs[p1], rc = offs[p2], gi = 0, ox = 0;
            for (int s = 0; s < slots; s++) {
                FloatVector w0 = FloatVector.fromArray(S, gt, gi);
                FloatVector w1 = FloatVector.fromArray(S, gt, gi + gRow);
                FloatVector w2 = FloatVector.fromArray(S, gt, gi + 2 * gRow);
                FloatVector u = FloatVector.fromArray(S, plane, ra + ox);
                if (ox == full) u = zero.blend(u, keep);
                a0 = u.fma(w0, a0);
                a1 = u.fma(w1, a1);
                a2 = u.fma(w2, a2);
                u = FloatVector.fromArray(S, plane, rb + ox);
                if (ox == full) u = zero.blend(u, keep);
                b0 = u.fma(w0, b0);
                b1 = u.fma(w1, b1);
                b2 = u.fma(w2, b2);
                u = FloatVector.fromArray(S, plane, rc + ox);
                if (ox == full) u = zero.blend(u, keep);
                c0 = u.fma(w0, c0);
                c1 = u.fma(w1, c1);
                c2 = u.fma(w2, c2);
                gi += L;
                ox += L;
                if (ox >= ow) {
                    ox = 0;
                    ra += rowStep;
                    rb += rowStep;
                    rc += rowStep;
                }
            }
            int d = part + 3 * p;
            partial[d] += a0.reduceLanes(VectorOperators.ADD);
            partial[d + 1] += a1.reduceLanes(VectorOperators.ADD);
            partial[d + 2] += a2.reduceLanes(VectorOperators.ADD);
            if (p1 == p) continue;
            partial[d + 3] += b0.reduceLanes(VectorOperators.ADD);
            partial[d + 4] += b1.reduceLanes(VectorOperators.ADD);
            partial[d + 5] += b2.reduceLanes(VectorOperators.ADD);
            if (p2 == p1) continue;
            partial[d + 6] += c0.reduceLanes(VectorOperators.ADD);
            partial[d + 7] += c1.reduceLanes(VectorOperators.ADD);
            partial[d + 8] += c2.reduceLanes(VectorOperators.ADD);
        }
    }
}
