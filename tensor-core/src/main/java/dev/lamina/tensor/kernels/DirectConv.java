package dev.lamina.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;


/**
 * Direct convolution for layers with few filters (the im2col GEMM is then a long, thin product dominated by
 * building the patches), on the Vector API, with horizontal stride 1. Each image is first copied to planes
 * {@code [channel][row][column]} with its padding as zeros, so a vector runs along an output row:
 * <ul>
 * <li>forward: per output vector, one FMA chain per filter over the window (kernel row, column, channel, in
 * that order), for four filters at a time (three filters: four vectors per filter, no padded filter, in
 * {@link DirectConvThreeFilters});</li>
 * <li>kernel gradient: per kernel value and filter, an FMA chain over the image's output positions, lanes summed
 * in order; images are summed in fixed groups of {@link #GROUP}, then the groups in order, so the result does
 * not depend on the thread count.</li>
 * </ul>
 * Loaded only with the {@code jdk.incubator.vector} module (through {@link VectorKernelSet}). Internal.
 */
final class DirectConv {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Filters per pass: four accumulators. */
    private static final int F = 4;
    /** Images per partial sum of the kernel gradient. */
    static final int GROUP = 4;
    private static final FloatVector IOTA = FloatVector.zero(S).addIndex(1);

    private DirectConv() {
    }

    /** Rows of an image's planes: the rows the windows read, padding included. */
    private static int planeRows(ConvGeometry g) {
        return (g.outH - 1) * g.strideH + (g.kernelH - 1) * g.dilationH + 1;
    }

    /** Columns of a plane row: the columns the windows read (outW rounded up to four vectors), padding included. */
    private static int planeCols(ConvGeometry g) {
        return (g.outW + 4 * L - 1) / (4 * L) * (4 * L) + (g.kernelW - 1) * g.dilationW;
    }

    /**
     * {@code dst[d + ch * stride + q] = src[s + q * c + ch]} for {@code q < n}: n interleaved pixels of c channels
     * to c planes.
     */
    private static void split(float[] src, int s, int n, int c, float[] dst, int d, int stride) {
        if (c == 1) {
            System.arraycopy(src, s, dst, d, n);
            return;
        }
        if (c == 3) {               // constant strides, four pixels a step: much faster than the loop below (benchmarks/README.md)
            int d1 = d + stride, d2 = d + 2 * stride, q = 0;
            for (; q + 4 <= n; q += 4) {
                int i = s + 3 * q;
                float x0 = src[i], x1 = src[i + 1], x2 = src[i + 2], x3 = src[i + 3], x4 = src[i + 4], x5 = src[i + 5];
                float x6 = src[i + 6], x7 = src[i + 7], x8 = src[i + 8], x9 = src[i + 9], x10 = src[i + 10], x11 = src[i + 11];
                dst[d + q] = x0;
                dst[d + q + 1] = x3;
                dst[d + q + 2] = x6;
                dst[d + q + 3] = x9;
                dst[d1 + q] = x1;
                dst[d1 + q + 1] = x4;
                dst[d1 + q + 2] = x7;
                dst[d1 + q + 3] = x10;
                dst[d2 + q] = x2;
                dst[d2 + q + 1] = x5;
                dst[d2 + q + 2] = x8;
                dst[d2 + q + 3] = x11;
            }
            for (; q < n; q++) {
                dst[d + q] = src[s + 3 * q];
                dst[d1 + q] = src[s + 3 * q + 1];
                dst[d2 + q] = src[s + 3 * q + 2];
            }
            return;
        }
        for (int q = 0; q < n; q++) {
            for (int ch = 0; ch < c; ch++) dst[d + ch * stride + q] = src[s + q * c + ch];
        }
    }

    /**
     * Image {@code n} into {@code plane [c][hp][wp]}: cell (r, q) is input (r - padTop, q - padLeft). Cells outside
     * the input are never written, so a plane zeroed once keeps its padding as zeros from image to image.
     */
    private static void toPlanes(ConvGeometry g, float[] x, int xOff, int n, float[] plane, int hp, int wp) {
        int c = g.channels;
        int img = xOff + n * g.imageSize();
        int q0 = Math.max(0, g.padLeft), q1 = Math.min(wp, g.width + g.padLeft);
        if (q1 <= q0) return;
        for (int r = 0; r < hp; r++) {
            int iy = r - g.padTop;
            if (iy < 0 || iy >= g.height) continue;
            split(x, img + (iy * g.width + q0 - g.padLeft) * c, q1 - q0, c, plane, r * wp + q0, hp * wp);
        }
    }

    /** Plane offsets of the window cells (kernel row, column, channel order) relative to the window's corner. */
    private static int[] windowOffsets(ConvGeometry g, int hp, int wp) {
        int[] offs = new int[g.patchSize()];
        int p = 0;
        for (int a = 0; a < g.kernelH; a++) {
            for (int b = 0; b < g.kernelW; b++) {
                for (int ch = 0; ch < g.channels; ch++) offs[p++] = (ch * hp + a * g.dilationH) * wp + b * g.dilationW;
            }
        }
        return offs;
    }

    /** The HWIO kernel {@code [patch, outC]} with the filters padded to a multiple of {@link #F} by zeros. */
    private static float[] paddedKernel(float[] kd, int kOff, int patch, int outC) {
        int fp = (outC + F - 1) / F * F;
        float[] k = new float[patch * fp];
        for (int p = 0; p < patch; p++) System.arraycopy(kd, kOff + p * outC, k, p * fp, outC);
        return k;
    }

    /**
     * {@code y [batch, outH, outW, outC]} (from 0) = {@code act(conv(x, kernel) + bias)}, {@code bias} optional and
     * {@code act} relu or the identity, applied as each output is written (the same float operations as a pass after).
     */
    static void forward(ConvGeometry g, float[] x, int xOff, float[] kd, int kOff, int outC, float[] bias, int bOff,
                        boolean relu, float[] y) {
        int hp = planeRows(g), wp = planeCols(g), patch = g.patchSize();
        boolean three = outC == 3;
        int fp = (outC + F - 1) / F * F;
        float[] k = three ? kd : paddedKernel(kd, kOff, patch, outC);
        int k0 = three ? kOff : 0;
        int[] offs = windowOffsets(g, hp, wp);
        ParallelLoops.forRange(g.batch, (long) g.outPixels() * patch * outC, (n0, n1) -> {
            float[] plane = new float[g.channels * hp * wp];
            float[] tmp = new float[12 * L];
            for (int n = n0; n < n1; n++) {
                toPlanes(g, x, xOff, n, plane, hp, wp);
                int yImg = n * g.outPixels() * outC;
                if (three) DirectConvThreeFilters.imageForward(g, plane, wp, offs, k, k0, bias, bOff, relu, y, yImg, tmp);
                else imageForward(g, plane, wp, offs, k, fp, outC, bias, bOff, relu, y, yImg, tmp);
            }
        });
    }

    /** One image's outputs, four filters (two vectors of a row: eight FMA chains) at a time. */
    private static void imageForward(ConvGeometry g, float[] plane, int wp, int[] offs, float[] k, int fp, int outC,
                                     float[] bias, int bOff, boolean relu, float[] y, int yImg, float[] tmp) {
        int patch = offs.length;
        for (int oy = 0; oy < g.outH; oy++) {
            for (int ox = 0; ox < g.outW; ox += 2 * L) {
                int corner = oy * g.strideH * wp + ox;
                for (int f0 = 0; f0 < fp; f0 += F) {
                    FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
                    for (int p = 0; p < patch; p++) {
                        int at = corner + offs[p];
                        FloatVector u = FloatVector.fromArray(S, plane, at);
                        FloatVector v = FloatVector.fromArray(S, plane, at + L);
                        int kp = p * fp + f0;
                        FloatVector w = FloatVector.broadcast(S, k[kp]);
                        a0 = u.fma(w, a0);
                        b0 = v.fma(w, b0);
                        w = FloatVector.broadcast(S, k[kp + 1]);
                        a1 = u.fma(w, a1);
                        b1 = v.fma(w, b1);
                        w = FloatVector.broadcast(S, k[kp + 2]);
                        a2 = u.fma(w, a2);
                        b2 = v.fma(w, b2);
                        w = FloatVector.broadcast(S, k[kp + 3]);
                        a3 = u.fma(w, a3);
                        b3 = v.fma(w, b3);
                    }
                    a0.intoArray(tmp, 0);
                    b0.intoArray(tmp, L);
                    a1.intoArray(tmp, 2 * L);
                    b1.intoArray(tmp, 3 * L);
                    a2.intoArray(tmp, 4 * L);
                    b2.intoArray(tmp, 5 * L);
                    a3.intoArray(tmp, 6 * L);
                    b3.intoArray(tmp, 7 * L);
                    int filters = Math.min(F, outC - f0), lanes = Math.min(2 * L, g.outW - ox);
                    for (int l = 0; l < lanes; l++) {
                        int dst = yImg + (oy * g.outW + ox + l) * outC + f0;
                        for (int q = 0; q < filters; q++) {
                            float v = tmp[q * 2 * L + l];
                            if (bias != null) v += bias[bOff + f0 + q];
                            y[dst + q] = relu ? (v <= 0f ? 0f : v) : v;
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code dk [patch, outC]} (from 0) = the kernel gradient for output gradient {@code gy [batch, outH, outW, outC]},
     * written, or added to {@code dk}'s contents when {@code accumulate}.
     */
    static void kernelGrad(ConvGeometry g, float[] x, int xOff, float[] gy, int gOff, int outC, float[] dk, boolean accumulate) {
        int hp = planeRows(g), wp = planeCols(g), patch = g.patchSize();
        boolean three = outC == 3;
        int fp = three ? 3 : (outC + F - 1) / F * F;
        int ow = (g.outW + L - 1) / L * L;            // a transposed gradient row: outW values, then zeros
        int[] offs = windowOffsets(g, hp, wp);
        int groups = (g.batch + GROUP - 1) / GROUP;
        float[] partial = new float[groups * patch * fp];
        ParallelLoops.forRange(groups, (long) GROUP * g.outPixels() * patch * outC, (g0, g1) -> {
            float[] plane = new float[g.channels * hp * wp];
            float[] gt = new float[fp * g.outH * ow];
            for (int grp = g0; grp < g1; grp++) {
                int part = grp * patch * fp;
                for (int n = grp * GROUP; n < Math.min(g.batch, (grp + 1) * GROUP); n++) {
                    toPlanes(g, x, xOff, n, plane, hp, wp);
                    transposeGrad(g, gy, gOff + n * g.outPixels() * outC, outC, gt, ow);
                    if (three) DirectConvThreeFilters.imageKernelGrad(g, plane, wp, offs, gt, ow, partial, part);
                    else imageKernelGrad(g, plane, wp, offs, gt, ow, fp, partial, part);
                }
            }
        });
        for (int p = 0; p < patch; p++) {
            for (int f = 0; f < outC; f++) {
                float s = 0f;
                for (int grp = 0; grp < groups; grp++) s += partial[grp * patch * fp + p * fp + f];
                dk[p * outC + f] = accumulate ? dk[p * outC + f] + s : s;
            }
        }
    }

    /**
     * One image's output gradient {@code [outH, outW, outC]} into {@code gt [fp][outH][ow]}. The padding (columns
     * past outW, filters past outC) is never written, so it stays as zeroed at allocation.
     */
    private static void transposeGrad(ConvGeometry g, float[] gy, int off, int outC, float[] gt, int ow) {
        for (int oy = 0; oy < g.outH; oy++) split(gy, off + oy * g.outW * outC, g.outW, outC, gt, oy * ow, g.outH * ow);
    }

    /**
     * Adds one image's kernel gradient to {@code partial[part + p * fp + f]}: per two kernel values p and four
     * filters, eight FMA chains over the output positions in vectors (lanes past a row's end masked to zero), then
     * each chain's lanes summed.
     */
    private static void imageKernelGrad(ConvGeometry g, float[] plane, int wp, int[] offs, float[] gt, int ow, int fp,
                                        float[] partial, int part) {
        int rowStep = g.strideH * wp, gRow = g.outH * ow, full = g.outW / L * L, tail = g.outW - full;
        int slots = g.outH * (ow / L);
        VectorMask<Float> keep = IOTA.compare(VectorOperators.LT, (float) tail);
        FloatVector zero = FloatVector.zero(S);
        int patch = offs.length;
        for (int p = 0; p < patch; p += 2) {
            int p1 = Math.min(p + 1, patch - 1);     // an odd last p is computed twice and added once
            for (int f0 = 0; f0 < fp; f0 += F) {
                FloatVector a0 = zero, a1 = zero, a2 = zero, a3 = zero, b0 = zero, b1 = zero, b2 = zero, b3 = zero;
                int ra = offs[p], rb = offs[p1], gi = f0 * gRow, ox = 0;
                for (int s = 0; s < slots; s++) {     // one flat loop over (oy, ox): nested loops made the JIT box
                    FloatVector u = FloatVector.fromArray(S, plane, ra + ox);
                    FloatVector v = FloatVector.fromArray(S, plane, rb + ox);
                    if (ox == full) {                   // the partial vector at a row's end
                        u = zero.blend(u, keep);
                        v = zero.blend(v, keep);
                    }
                    FloatVector w = FloatVector.fromArray(S, gt, gi);
                    a0 = u.fma(w, a0);
                    b0 = v.fma(w, b0);
                    w = FloatVector.fromArray(S, gt, gi + gRow);
                    a1 = u.fma(w, a1);
                    b1 = v.fma(w, b1);
                    w = FloatVector.fromArray(S, gt, gi + 2 * gRow);
                    a2 = u.fma(w, a2);
                    b2 = v.fma(w, b2);
                    w = FloatVector.fromArray(S, gt, gi + 3 * gRow);
                    a3 = u.fma(w, a3);
                    b3 = v.fma(w, b3);
                    gi += L;
                    ox += L;
                    if (ox >= ow) {
                        ox = 0;
                        ra += rowStep;
                        rb += rowStep;
                    }
                }
                int d = part + p * fp + f0;
                partial[d] += a0.reduceLanes(VectorOperators.ADD);
                partial[d + 1] += a1.reduceLanes(VectorOperators.ADD);
                partial[d + 2] += a2.reduceLanes(VectorOperators.ADD);
                partial[d + 3] += a3.reduceLanes(VectorOperators.ADD);
                if (p1 == p) continue;
                d += fp;
                partial[d] += b0.reduceLanes(VectorOperators.ADD);
                partial[d + 1] += b1.reduceLanes(VectorOperators.ADD);
                partial[d + 2] += b2.reduceLanes(VectorOperators.ADD);
                partial[d + 3] += b3.reduceLanes(VectorOperators.ADD);
            }
        }
    }
}
