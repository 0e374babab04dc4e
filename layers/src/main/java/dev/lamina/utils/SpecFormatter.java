package dev.lamina.utils;

import java.math.BigInteger;

/**
 * Applies a format spec to one int, float or string value, following CPython's {@code format_long_internal},
 * {@code format_float_internal} and {@code format_string_internal} (including their error messages).
 */
final class SpecFormatter {
    private SpecFormatter() {
    }

    static String formatInt(BigInteger v, String specText, String typeName, Object original) {
        FormatSpec spec = FormatSpec.parse(specText, '>', 'd', typeName);
        switch (spec.type) {
            case 'e', 'E', 'f', 'F', 'g', 'G', '%' -> {
                double d = v.doubleValue();
                if (Double.isInfinite(d)) {
                    throw valueError(specText, original, "int too large to convert to float");
                }
                return formatFloat(d, spec, original);
            }
            case 'b', 'c', 'd', 'o', 'x', 'X', 'n' -> {
            }
            default -> throw valueError(specText, original, unknownCode(spec.type, typeName));
        }
        if (spec.precision != -1) {
            throw valueError(specText, original, "Precision not allowed in integer format specifier");
        }
        if (spec.noNegZero) {
            throw valueError(specText, original, "Negative zero coercion (z) not allowed in integer format specifier");
        }
        if (spec.type == 'c') {
            if (spec.sign != 0) {
                throw valueError(specText, original, "Sign not allowed with integer format specifier 'c'");
            }
            if (spec.alternate) {
                throw valueError(specText, original,
                        "Alternate form (#) not allowed with integer format specifier 'c'");
            }
            if (v.signum() < 0 || v.compareTo(BigInteger.valueOf(0x10FFFF)) > 0) {
                throw valueError(specText, original, "%c arg not in range(0x110000)");
            }
            return NumberFill.fill(spec, false, "", "", false, Character.toString(v.intValue()), false);
        }
        int base = switch (spec.type) {
            case 'b' -> 2;
            case 'o' -> 8;
            case 'x', 'X' -> 16;
            default -> 10;
        };
        String prefix = !spec.alternate || base == 10 ? "" : base == 2 ? "0b" : base == 8 ? "0o" : "0x";
        return NumberFill.fill(spec, v.signum() < 0, prefix, v.abs().toString(base), false, "", spec.type == 'X');
    }

    static String formatFloat(double val, FormatSpec spec, Object original) {
        char type = spec.type;
        switch (type) {
            case 0, 'e', 'E', 'f', 'F', 'g', 'G', 'n', '%' -> {
            }
            default -> throw valueError(spec.text, original, unknownCode(type, "float"));
        }
        int flags = 0;
        if (spec.alternate) {
            flags |= FloatDigits.ALT;
        }
        if (spec.noNegZero) {
            flags |= FloatDigits.NO_NEG_0;
        }
        int defaultPrecision = 6;
        if (type == 0) {
            flags |= FloatDigits.ADD_DOT_0;   // like repr() without a precision, like 'g' but "1.0" with one
            type = 'r';
            defaultPrecision = 0;
        }
        if (type == 'n') {
            type = 'g';
        }
        boolean percent = type == '%';
        if (percent) {
            type = 'f';
            val *= 100;   // in double arithmetic, as CPython does
        }
        int precision = spec.precision;
        if (precision < 0) {
            precision = defaultPrecision;
        } else if (type == 'r') {
            type = 'g';
        }
        String buf = FloatDigits.format(val, type, precision, flags) + (percent ? "%" : "");
        boolean negative = buf.charAt(0) == '-';
        int start = negative ? 1 : 0;
        int end = start;
        while (end < buf.length() && Character.isDigit(buf.charAt(end))) {
            end++;
        }
        boolean decimal = end < buf.length() && buf.charAt(end) == '.';
        String rest = buf.substring(decimal ? end + 1 : end);
        return NumberFill.fill(spec, negative, "", buf.substring(start, end), decimal, rest, false);
    }

    static String formatString(String s, String specText) {
        FormatSpec spec = FormatSpec.parse(specText, '<', 's', "str");
        if (spec.type != 's') {
            throw valueError(specText, s, unknownCode(spec.type, "str"));
        }
        if (spec.sign != 0) {
            throw valueError(specText, s, "Sign not allowed in string format specifier");
        }
        if (spec.noNegZero) {
            throw valueError(specText, s, "Negative zero coercion (z) not allowed in string format specifier");
        }
        if (spec.alternate) {
            throw valueError(specText, s, "Alternate form (#) not allowed in string format specifier");
        }
        if (spec.align == '=') {
            throw valueError(specText, s, "'=' alignment not allowed in string format specifier");
        }
        int len = s.codePointCount(0, s.length());
        if (spec.precision >= 0 && len > spec.precision) {
            s = s.substring(0, s.offsetByCodePoints(0, spec.precision));
            len = spec.precision;
        }
        int padding = Math.max(0, spec.width - len);
        int lpad = spec.align == '>' ? padding : spec.align == '^' ? padding / 2 : 0;
        StringBuilder sb = new StringBuilder();
        NumberFill.pad(sb, spec.fill, lpad);
        sb.append(s);
        NumberFill.pad(sb, spec.fill, padding - lpad);
        return sb.toString();
    }

    private static String unknownCode(char type, String typeName) {
        return "Unknown format code '" + type + "' for object of type '" + typeName + "'";
    }

    private static IllegalArgumentException valueError(String spec, Object value, String pythonMessage) {
        return new IllegalArgumentException("PyFormat: format spec '" + spec + "' does not fit value "
                + PyRepr.repr(value) + ": " + pythonMessage);
    }
}
