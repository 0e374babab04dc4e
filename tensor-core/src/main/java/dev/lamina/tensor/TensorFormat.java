package dev.lamina.tensor;

/** NumPy-like printing: nested brackets, at most 3 leading and 3 trailing entries per axis when large. */
final class TensorFormat {
    private static final int THRESHOLD = 1000;
    private static final int EDGE = 3;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        StringBuilder sb = new StringBuilder("tensor(");
        if (t.rank() == 0) {
            sb.append(num(t.get(0)));
        } else {
            boolean summarise = t.size() > THRESHOLD;
            append(sb, t, 0, 0, summarise, 7);
        }
        return sb.append(", shape=").append(t.shape()).append(')').toString();
    }

    private static void append(StringBuilder sb, Tensor t, int axis, int base, boolean summarise, int indent) {
        Shape s = t.shape();
        int n = s.dim(axis);
        int stride = s.sizeFrom(axis + 1);
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (summarise && n > 2 * EDGE && i == EDGE) {
                sb.append(axis == s.rank() - 1 ? "..., " : "...,\n" + " ".repeat(indent + axis + 1));
                i = n - EDGE - 1;
                continue;
            }
            if (axis == s.rank() - 1) {
                sb.append(num(t.get(base + i)));
                if (i < n - 1) sb.append(", ");
            } else {
                append(sb, t, axis + 1, base + i * stride, summarise, indent);
                if (i < n - 1) sb.append(",\n").append(" ".repeat(indent + axis + 1));
            }
        }
        sb.append(']');
    }

    /** NumPy's spellings: {@code 3.}, {@code 0.25}, {@code 1.5e-05}, {@code nan}, {@code -inf}; 4 significant digits. */
    static String num(float v) {
        if (Float.isNaN(v)) return "nan";
        if (Float.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e7) return String.format(java.util.Locale.ROOT, "%.0f.", v);
        String s = String.format(java.util.Locale.ROOT, "%.4g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.indexOf('.') >= 0) mantissa = mantissa.replaceAll("0+$", "");
        if (e >= 0 && mantissa.endsWith(".")) mantissa = mantissa.substring(0, mantissa.length() - 1);
        return e < 0 ? mantissa : mantissa + s.substring(e);
    }
}
