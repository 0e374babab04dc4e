package dev.lamina.tensor;

import dev.lamina.tensor.kernels.Kernels;

import java.util.Arrays;

/**
 * Reductions over a set of axes. The input is viewed as {@code [outer, reduced..., inner]} blocks when the reduced
 * axes are contiguous (the common case: last axis, first axis, all axes); otherwise an odometer walk. Internal.
 */
final class Reduce {
    public static final int SUM = 0, MAX = 1, MIN = 2, ARGMAX = 3, ARGMIN = 4;

    private Reduce() {
    }

    /**
     * Reduces {@code x} (shape {@code xs}) over the axes flagged in {@code reduce}; writes the reduced values, in the
     * order of the kept axes, to {@code out} (starting at 0). Arg reductions require exactly one reduced axis. NaN
     * wins every reduction but the sum, where it propagates anyway: a max or min with a NaN is NaN and an arg
     * reduction gives the index of the first NaN (NumPy's and PyTorch's rule, consistent with max and min).
     */
    public static void reduce(int op, float[] x, int off, Shape xs, boolean[] reduce, float[] out) {
        int rank = xs.rank();
        int first = -1, last = -1;
        for (int d = 0; d < rank; d++) {
            if (reduce[d]) {
                if (first < 0) first = d;
                last = d;
            }
        }
        int outN = out.length;
        if (first < 0) {
            System.arraycopy(x, off, out, 0, outN);
            return;
        }
        boolean contiguous = true;
        for (int d = first; d <= last; d++) contiguous &= reduce[d] || xs.dim(d) == 1;
        if (contiguous) {
            int outer = xs.sizeTo(first), inner = xs.sizeFrom(last + 1);
            int mid = xs.size() / Math.max(1, outer * inner);
            if (xs.size() == 0) mid = 0;
            block(op, x, off, outer, mid, inner, out);
            return;
        }
        if (op == ARGMAX || op == ARGMIN) throw new IllegalArgumentException("arg reductions take one axis");
        int[] dims = xs.toArray();
        int[] ostr = new int[rank];
        int acc = 1;
        for (int d = rank - 1; d >= 0; d--) {
            if (!reduce[d]) {
                ostr[d] = acc;
                acc *= dims[d];
            }
        }
        init(op, out);
        int[] idx = new int[rank];
        int o = 0;
        int n = xs.size();
        for (int i = 0; i < n; i++) {
            float v = x[off + i];
            out[o] = combine(op, out[o], v);
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                o += ostr[d];
                if (idx[d] < dims[d]) break;
                o -= ostr[d] * dims[d];
                idx[d] = 0;
            }
        }
    }

    /**
     * {@code {outer, mid, inner}} when the axes flagged in {@code reduce} are contiguous (ignoring length-1 axes),
     * so that {@code x} is {@code [outer, mid, inner]} reduced over {@code mid}; else null.
     */
    public static int[] contiguousBlock(Shape xs, boolean[] reduce) {
        int first = -1, last = -1;
        for (int d = 0; d < reduce.length; d++) {
            if (reduce[d]) {
                if (first < 0) first = d;
                last = d;
            }
        }
        if (first < 0 || xs.size() == 0) return null;
        for (int d = first; d <= last; d++) if (!reduce[d] && xs.dim(d) != 1) return null;
        int outer = xs.sizeTo(first), inner = xs.sizeFrom(last + 1);
        return new int[]{outer, xs.size() / (outer * inner), inner};
    }

    /**
     * The gradient of a max (or min) over {@code mid} of {@code x [outer, mid, inner]}, whose result is {@code y
     * [outer, inner]}: the output gradient shared equally by the tied extreme positions. Per element it computes
     * {@code (mask * g) / count} with {@code mask = (x == y ? 1 : 0)} and {@code count} the mask's sum, the same float
     * operations as the composed ops (so a NaN extreme, equal to nothing, gives 0/0). Writes all of {@code dx}.
     */
    public static void extremeGrad(float[] x, int off, int outer, int mid, int inner, float[] y, float[] g, int gOff, float[] dx) {
        if (inner < 16 && Kernels.extremeGradSmallInner(x, off, outer, mid, inner, y, g, gOff, dx)) return;
        for (int o = 0; o < outer; o++) {
            int base = o * mid * inner;
            for (int j = 0; j < inner; j++) {       // one output at a time: strided, but in registers
                float yv = y[o * inner + j], gv = g[gOff + o * inner + j];
                float count = 0f;
                for (int m = 0, p = off + base + j; m < mid; m++, p += inner) count += x[p] == yv ? 1f : 0f;
                float hit = 1f * gv / count, miss = 0f * gv / count;   // (mask * g) / count for mask 1 and 0
                for (int m = 0, p = base + j; m < mid; m++, p += inner) dx[p] = x[off + p] == yv ? hit : miss;
            }
        }
    }

    private static void init(int op, float[] out) {
        Arrays.fill(out, op == SUM ? 0f : op == MAX ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY);
    }

    private static float combine(int op, float acc, float v) {
        switch (op) {
            case SUM: return acc + v;
            case MAX: return v > acc || Float.isNaN(v) ? v : acc;
            default: return v < acc || Float.isNaN(v) ? v : acc;
        }
    }

    /** {@code x} viewed as {@code [outer, mid, inner]}, reduced over {@code mid}. */
    private static void block(int op, float[] x, int off, int outer, int mid, int inner, float[] out) {
        if (op == ARGMAX || op == ARGMIN) {
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < inner; j++) {
                    int base = off + o * mid * inner + j;
                    int best = 0;
                    float bv = x[base];
                    for (int m = 1; m < mid; m++) {
                        float v = x[base + m * inner];
                        if ((op == ARGMAX ? v > bv : v < bv) || (v != v && bv == bv)) {   // the first NaN wins
                            bv = v;
                            best = m;
                        }
                    }
                    out[o * inner + j] = best;
                }
            }
            return;
        }
        init(op, out);
        if (inner == 1 && op == SUM) {
            for (int o = 0; o < outer; o++) {
                double s = 0;   // accumulate rows in double: sums feed losses and metrics
                int base = off + o * mid;
                for (int m = 0; m < mid; m++) s += x[base + m];
                out[o] = (float) s;
            }
            return;
        }
        if (inner < 16 && op != SUM && Kernels.extremeSmallInner(op == MAX, x, off, outer, mid, inner, out)) return;
        if (inner < 16 && op != SUM) {       // few outputs per block: one at a time, strided, in a register
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < inner; j++) {
                    float acc = op == MAX ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
                    int p = off + o * mid * inner + j;
                    if (op == MAX) {
                        for (int m = 0; m < mid; m++, p += inner) {
                            float v = x[p];
                            acc = v > acc || v != v ? v : acc;
                        }
                    } else {
                        for (int m = 0; m < mid; m++, p += inner) {
                            float v = x[p];
                            acc = v < acc || v != v ? v : acc;
                        }
                    }
                    out[o * inner + j] = acc;
                }
            }
            return;
        }
        for (int o = 0; o < outer; o++) {
            int ob = o * inner;
            for (int m = 0; m < mid; m++) {
                int base = off + (o * mid + m) * inner;
                if (op == SUM) {
                    for (int j = 0; j < inner; j++) out[ob + j] += x[base + j];
                } else if (op == MAX) {
                    for (int j = 0; j < inner; j++) {
                        float v = x[base + j], acc = out[ob + j];
                        out[ob + j] = v > acc || v != v ? v : acc;
                    }
                } else {
                    for (int j = 0; j < inner; j++) {
                        float v = x[base + j], acc = out[ob + j];
                        out[ob + j] = v < acc || v != v ? v : acc;
                    }
                }
            }
        }
    }
}
