package dev.lamina.utils;

import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code repr()} and {@code str()} for the values Keras logs and prints, so text written by Lamina
 * (CSV rows, messages, file names) matches what Keras writes byte for byte.
 *
 * <p>Floats: {@code repr(float)} is the shortest decimal that reads back as the same double, in fixed notation
 * for exponents -4..15 and otherwise {@code 1e-05}-style; Java 17's {@code Double.toString} differs in both
 * layout ({@code 1.0E-5}) and, for some values, digit count ({@code 2.0E-3}).
 */
public final class PyRepr {
    private PyRepr() {
    }

    /**
     * Python's {@code repr(x)} for a float: {@code 0.1}, {@code 1.0}, {@code 1e-05}, {@code 1e+16}, {@code nan},
     * {@code -inf}.
     */
    public static String repr(double x) {
        return FloatDigits.format(x, 'r', 0, FloatDigits.ADD_DOT_0);
    }

    /**
     * Python's {@code repr} of a value as it would appear in Python: a {@code Float} is widened to double first
     * (Keras logs hold Python floats, so float32 0.001 reads {@code 0.0010000000474974513}); strings get quotes;
     * booleans are {@code True}/{@code False}; null is {@code None}; lists, arrays and maps use Python's brackets.
     */
    public static String repr(Object value) {
        if (value instanceof CharSequence || value instanceof Character) {
            return quote(value.toString());
        }
        return str(value);
    }

    /** Python's {@code str()} of a value: like {@link #repr(Object)} except that a string is returned as is. */
    public static String str(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Float f) {
            return repr(f.doubleValue());
        }
        if (value instanceof Double d) {
            return repr(d.doubleValue());
        }
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long
                || value instanceof BigInteger) {
            return value.toString();
        }
        if (value instanceof CharSequence || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof Number n) {
            return repr(n.doubleValue());
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                sb.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            return sb.append('}').toString();
        }
        if (value instanceof Iterable<?> items) {
            return sequence(items);
        }
        if (value instanceof Object[] array) {
            return sequence(List.of(array));
        }
        if (value instanceof float[] a) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < a.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(repr((double) a[i]));
            }
            return sb.append(']').toString();
        }
        if (value instanceof double[] a) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < a.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(repr(a[i]));
            }
            return sb.append(']').toString();
        }
        if (value instanceof int[] a) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < a.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(a[i]);
            }
            return sb.append(']').toString();
        }
        if (value instanceof long[] a) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < a.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(a[i]);
            }
            return sb.append(']').toString();
        }
        return value.toString();
    }

    private static String sequence(Iterable<?> items) {
        StringBuilder sb = new StringBuilder("[");
        boolean first = true;
        for (Object item : items) {
            sb.append(first ? "" : ", ").append(repr(item));
            first = false;
        }
        return sb.append(']').toString();
    }

    /** Python's string repr: single quotes unless the text holds a single quote and no double quote. */
    static String quote(String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder(s.length() + 2).append(q);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == q || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(q).toString();
    }
}
