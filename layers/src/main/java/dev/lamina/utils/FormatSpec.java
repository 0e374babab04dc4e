package dev.lamina.utils;

/**
 * A parsed Python format-spec mini-language string
 * {@code [[fill]align][sign][z][#][0][width][,|_][.precision][type]}, following CPython's
 * {@code parse_internal_render_format_spec}. Parsing depends on the value kind only through the
 * default alignment: a leading {@code 0} means sign-aware zero padding ({@code =}) for numbers only.
 */
final class FormatSpec {
    final String text;
    final int fill;            // a code point
    final char align;          // '<', '>', '=' or '^'
    final char sign;           // '+', '-', ' ' or 0 when not given
    final boolean noNegZero;   // 'z'
    final boolean alternate;   // '#'
    final int width;           // -1 when not given
    final char grouping;       // ',', '_' or 0
    final int precision;       // -1 when not given
    final char type;           // 0 when not given

    private FormatSpec(String text, int fill, char align, char sign, boolean noNegZero, boolean alternate, int width,
                       char grouping, int precision, char type) {
        this.text = text;
        this.fill = fill;
        this.align = align;
        this.sign = sign;
        this.noNegZero = noNegZero;
        this.alternate = alternate;
        this.width = width;
        this.grouping = grouping;
        this.precision = precision;
        this.type = type;
    }

    /**
     * @param defaultAlign '>' for numbers, '<' for strings
     * @param defaultType  'd' for int, 's' for str, 0 for float
     * @param typeName     Python's type name for error messages (int, float, str)
     */
    static FormatSpec parse(String spec, char defaultAlign, char defaultType, String typeName) {
        int[] cps = spec.codePoints().toArray();
        int n = cps.length;
        int pos = 0;
        int fill = ' ';
        char align = defaultAlign;
        boolean fillGiven = false;
        boolean alignGiven = false;
        if (n - pos >= 2 && isAlign(cps[pos + 1])) {
            fill = cps[pos];
            align = (char) cps[pos + 1];
            fillGiven = true;
            alignGiven = true;
            pos += 2;
        } else if (n - pos >= 1 && isAlign(cps[pos])) {
            align = (char) cps[pos];
            alignGiven = true;
            pos++;
        }
        char sign = 0;
        if (pos < n && (cps[pos] == '+' || cps[pos] == '-' || cps[pos] == ' ')) {
            sign = (char) cps[pos++];
        }
        boolean noNegZero = false;
        if (pos < n && cps[pos] == 'z') {
            noNegZero = true;
            pos++;
        }
        boolean alternate = false;
        if (pos < n && cps[pos] == '#') {
            alternate = true;
            pos++;
        }
        if (!fillGiven && pos < n && cps[pos] == '0') {
            fill = '0';
            if (!alignGiven && defaultAlign == '>') {
                align = '=';
            }
            pos++;
        }
        int start = pos;
        while (pos < n && isDigit(cps[pos])) {
            pos++;
        }
        int width = pos > start ? integer(spec, cps, start, pos) : -1;
        char grouping = 0;
        if (pos < n && cps[pos] == ',') {
            grouping = ',';
            pos++;
        }
        if (pos < n && cps[pos] == '_') {
            if (grouping != 0) {
                throw error(spec, "Cannot specify both ',' and '_'.");
            }
            grouping = '_';
            pos++;
        }
        if (pos < n && cps[pos] == ',' && grouping == '_') {
            throw error(spec, "Cannot specify both ',' and '_'.");
        }
        int precision = -1;
        if (pos < n && cps[pos] == '.') {
            pos++;
            start = pos;
            while (pos < n && isDigit(cps[pos])) {
                pos++;
            }
            if (pos == start) {
                throw error(spec, "Format specifier missing precision");
            }
            precision = integer(spec, cps, start, pos);
        }
        if (n - pos > 1) {
            throw error(spec, "Invalid format specifier '" + spec + "' for object of type '" + typeName + "'");
        }
        char type = pos < n ? (char) cps[pos] : defaultType;
        if (grouping != 0 && !groupingAllowed(type, grouping)) {
            throw error(spec, "Cannot specify '" + grouping + "' with '" + type + "'.");
        }
        return new FormatSpec(spec, fill, align, sign, noNegZero, alternate, width, grouping, precision, type);
    }

    private static boolean groupingAllowed(char type, char grouping) {
        return switch (type) {
            case 'd', 'e', 'f', 'g', 'E', 'G', '%', 'F', 0 -> true;
            case 'b', 'o', 'x', 'X' -> grouping == '_';   // PEP 515: '_' every four digits
            default -> false;
        };
    }

    private static boolean isAlign(int c) {
        return c == '<' || c == '>' || c == '=' || c == '^';
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static int integer(String spec, int[] cps, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (cps[i] - '0');
            if (v > Integer.MAX_VALUE / 2) {
                throw error(spec, "Too many decimal digits in format string");
            }
        }
        return (int) v;
    }

    /** The group size for this spec's separator: 3 for decimal digits, 4 for '_' in bin/oct/hex. */
    int groupSize() {
        return grouping == '_' && (type == 'b' || type == 'o' || type == 'x' || type == 'X') ? 4 : 3;
    }

    static IllegalArgumentException error(String spec, String pythonMessage) {
        return new IllegalArgumentException("PyFormat: invalid format spec '" + spec + "': " + pythonMessage);
    }
}
