package dev.lamina.tensor;

/**
 * Elementwise kernels on raw arrays with NumPy broadcasting. Internal: used by the op façades, which own shape
 * checks and autodiff. Fast paths for equal shapes, scalars and trailing-suffix broadcasts (bias adds); an
 * odometer walk for the rest.
 */
final class Elementwise {
    public static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3, POW = 4, MAX = 5, MIN = 6,
            GE = 7, GT = 8, LE = 9, LT = 10, EQ = 11;

    private Elementwise() {
    }

    static float apply(int op, float x, float y) {
        switch (op) {
            case ADD: return x + y;
            case SUB: return x - y;
            case MUL: return x * y;
            case DIV: return x / y;
            case POW: return (float) Math.pow(x, y);
            case MAX: return Float.isNaN(x) || Float.isNaN(y) ? Float.NaN : Math.max(x, y);
            case MIN: return Float.isNaN(x) || Float.isNaN(y) ? Float.NaN : Math.min(x, y);
            case GE: return x >= y ? 1f : 0f;
            case GT: return x > y ? 1f : 0f;
            case LE: return x <= y ? 1f : 0f;
            case LT: return x < y ? 1f : 0f;
            case EQ: return x == y ? 1f : 0f;
            default: throw new IllegalArgumentException("unknown binary op " + op);
        }
    }

    /** {@code out[i] = a[i] op b[i]} over the broadcast shape {@code os}; {@code out} starts at 0. */
    public static void binary(int op, float[] a, int aOff, Shape as, float[] b, int bOff, Shape bs, float[] out, Shape os) {
        int n = os.size();
        int an = as.size(), bn = bs.size();
        if (an == n && bn == n) {
            switch (op) {
                case ADD: for (int i = 0; i < n; i++) out[i] = a[aOff + i] + b[bOff + i]; return;
                case SUB: for (int i = 0; i < n; i++) out[i] = a[aOff + i] - b[bOff + i]; return;
                case MUL: for (int i = 0; i < n; i++) out[i] = a[aOff + i] * b[bOff + i]; return;
                case DIV: for (int i = 0; i < n; i++) out[i] = a[aOff + i] / b[bOff + i]; return;
                default: for (int i = 0; i < n; i++) out[i] = apply(op, a[aOff + i], b[bOff + i]); return;
            }
        }
        if (an == n && isSuffix(bs, os)) {          // b repeats every bn elements (bias, scalar)
            if (bn == 1) {
                float y = b[bOff];
                switch (op) {
                    case ADD: for (int i = 0; i < n; i++) out[i] = a[aOff + i] + y; return;
                    case MUL: for (int i = 0; i < n; i++) out[i] = a[aOff + i] * y; return;
                    default: for (int i = 0; i < n; i++) out[i] = apply(op, a[aOff + i], y); return;
                }
            }
            for (int r = 0; r < n; r += bn) {
                if (op == ADD) for (int j = 0; j < bn; j++) out[r + j] = a[aOff + r + j] + b[bOff + j];
                else for (int j = 0; j < bn; j++) out[r + j] = apply(op, a[aOff + r + j], b[bOff + j]);
            }
            return;
        }
        if (bn == n && isSuffix(as, os)) {
            for (int r = 0; r < n; r += an) {
                for (int j = 0; j < an; j++) out[r + j] = apply(op, a[aOff + j], b[bOff + r + j]);
            }
            return;
        }
        int rank = os.rank();
        int[] dims = os.toArray();
        int[] sa = broadcastStrides(as, rank), sb = broadcastStrides(bs, rank);
        int[] idx = new int[rank];
        int ia = aOff, ib = bOff;
        for (int i = 0; i < n; i++) {
            out[i] = apply(op, a[ia], b[ib]);
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                ia += sa[d];
                ib += sb[d];
                if (idx[d] < dims[d]) break;
                ia -= sa[d] * dims[d];
                ib -= sb[d] * dims[d];
                idx[d] = 0;
            }
        }
    }

    /** True when {@code s}, left-padded with ones, equals a trailing block of {@code out} (so it repeats). */
    static boolean isSuffix(Shape s, Shape out) {
        int off = out.rank() - s.rank();
        int i = 0;
        while (i < s.rank() && s.dim(i) == 1) i++;     // leading ones of s
        for (int j = i; j < s.rank(); j++) if (s.dim(j) != out.dim(j + off)) return false;
        return true;
    }

    /** Strides of {@code s} laid against an output of rank {@code rank}: 0 along broadcast axes. */
    public static int[] broadcastStrides(Shape s, int rank) {
        int[] st = new int[rank];
        int[] own = s.strides();
        int off = rank - s.rank();
        for (int d = 0; d < s.rank(); d++) st[d + off] = s.dim(d) == 1 ? 0 : own[d];
        return st;
    }

    /** {@code where(cond != 0, a, b)} with broadcasting over three shapes. */
    public static void select(float[] c, int cOff, Shape cs, float[] a, int aOff, Shape as, float[] b, int bOff, Shape bs, float[] out, Shape os) {
        int rank = os.rank();
        int[] dims = os.toArray();
        int[] sc = broadcastStrides(cs, rank), sa = broadcastStrides(as, rank), sb = broadcastStrides(bs, rank);
        int[] idx = new int[rank];
        int ic = cOff, ia = aOff, ib = bOff;
        int n = os.size();
        for (int i = 0; i < n; i++) {
            out[i] = c[ic] != 0f ? a[ia] : b[ib];
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                ic += sc[d];
                ia += sa[d];
                ib += sb[d];
                if (idx[d] < dims[d]) break;
                ic -= sc[d] * dims[d];
                ia -= sa[d] * dims[d];
                ib -= sb[d] * dims[d];
                idx[d] = 0;
            }
        }
    }
}
