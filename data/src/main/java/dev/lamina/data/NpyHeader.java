package dev.lamina.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header dict of a {@code .npy} file, e.g. {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}:
 * a Python literal of strings, booleans, integers and tuples, parsed here without any Python. Structured dtypes
 * (a list as {@code descr}) parse but are rejected by {@link NpyLoader}.
 */
final class NpyHeader {
    final String descr;
    final boolean fortranOrder;
    final long[] shape;

    private NpyHeader(String descr, boolean fortranOrder, long[] shape) {
        this.descr = descr;
        this.fortranOrder = fortranOrder;
        this.shape = shape;
    }

    static NpyHeader parse(String text, String source) {
        Parser p = new Parser(text.strip(), source);
        Object v = p.value();
        p.skipSpace();
        if (p.pos != p.s.length()) throw p.error("end of header");
        if (!(v instanceof Map)) throw p.error("a dict");
        Map<?, ?> m = (Map<?, ?>) v;
        for (String key : List.of("descr", "fortran_order", "shape")) {
            if (!m.containsKey(key)) {
                throw new IllegalArgumentException("NpyLoader: expected key '" + key + "' in the header of " + source + ", received keys " + m.keySet());
            }
        }
        Object descr = m.get("descr");
        if (!(descr instanceof String)) {
            throw new IllegalArgumentException("NpyLoader: expected a simple dtype such as '<f4' in " + source
                    + ", received a structured dtype " + descr + " (structured arrays are not supported)");
        }
        if (!(m.get("fortran_order") instanceof Boolean)) {
            throw new IllegalArgumentException("NpyLoader: expected fortran_order True or False in " + source + ", received " + m.get("fortran_order"));
        }
        if (!(m.get("shape") instanceof List)) {
            throw new IllegalArgumentException("NpyLoader: expected shape as a tuple in " + source + ", received " + m.get("shape"));
        }
        List<?> dims = (List<?>) m.get("shape");
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long) || (Long) dims.get(i) < 0) {
                throw new IllegalArgumentException("NpyLoader: expected non-negative integer dimensions in " + source + ", received shape " + dims);
            }
            shape[i] = (Long) dims.get(i);
        }
        return new NpyHeader((String) descr, (Boolean) m.get("fortran_order"), shape);
    }

    /** Recursive descent over the few Python literals a header may hold. */
    private static final class Parser {
        final String s;
        final String source;
        int pos;

        Parser(String s, String source) {
            this.s = s;
            this.source = source;
        }

        IllegalArgumentException error(String expected) {
            String near = s.substring(Math.min(pos, s.length()), Math.min(s.length(), pos + 20));
            return new IllegalArgumentException("NpyLoader: expected " + expected + " in the header of " + source + " at character " + pos
                    + ", received '" + near + "' (header: " + (s.length() > 120 ? s.substring(0, 120) + "..." : s) + ")");
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
        }

        boolean eat(char c) {
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        Object value() {
            skipSpace();
            if (pos >= s.length()) throw error("a value");
            char c = s.charAt(pos);
            if (c == '{') return dict();
            if (c == '(') return sequence('(', ')');
            if (c == '[') return sequence('[', ']');
            if (c == '\'' || c == '"') return string();
            if (c == '-' || Character.isDigit(c)) return integer();
            if (s.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            if (s.startsWith("None", pos)) {
                pos += 4;
                return null;
            }
            throw error("a Python literal");
        }

        Map<Object, Object> dict() {
            eat('{');
            Map<Object, Object> m = new LinkedHashMap<>();
            while (!eat('}')) {
                Object k = value();
                if (!eat(':')) throw error("':'");
                m.put(k, value());
                if (!eat(',')) {
                    if (!eat('}')) throw error("',' or '}'");
                    break;
                }
            }
            return m;
        }

        List<Object> sequence(char open, char close) {
            eat(open);
            List<Object> l = new ArrayList<>();
            while (!eat(close)) {
                l.add(value());
                if (!eat(',')) {
                    if (!eat(close)) throw error("',' or '" + close + "'");
                    break;
                }
            }
            return l;
        }

        String string() {
            char q = s.charAt(pos++);
            StringBuilder b = new StringBuilder();
            while (pos < s.length() && s.charAt(pos) != q) {
                char c = s.charAt(pos++);
                if (c == '\\' && pos < s.length()) c = s.charAt(pos++);
                b.append(c);
            }
            if (pos >= s.length()) throw error("a closing quote");
            pos++;
            return b.toString();
        }

        Long integer() {
            int start = pos;
            if (s.charAt(pos) == '-') pos++;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
            String digits = s.substring(start, pos);
            if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) pos++;   // Python 2 longs: (3L, 4L)
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                pos = start;
                throw error("an integer");
            }
        }
    }
}
