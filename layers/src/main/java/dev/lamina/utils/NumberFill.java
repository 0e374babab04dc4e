package dev.lamina.utils;

/**
 * Lays out a formatted number inside its field: {@code <lpad><sign><prefix><spad><grouped digits><.><rest><rpad>},
 * a port of CPython's {@code calc_number_widths}, {@code fill_number} and
 * {@code _PyUnicode_InsertThousandsGrouping}. Zero padding ({@code fill '0'} with {@code '='}) is inserted among
 * the digits, so it is grouped too: {@code format(1234, '09,d') == '0,001,234'}.
 */
final class NumberFill {
    private NumberFill() {
    }

    /**
     * @param spec     the parsed spec (fill, align, sign, width, grouping)
     * @param negative whether the number carries a minus sign
     * @param prefix   "0x"-style prefix ("" if none)
     * @param digits   the leading run of digits (may be empty for inf/nan or 'c')
     * @param decimal  whether a decimal point follows the digits
     * @param rest     the text after the decimal point (or after the digits): fraction, exponent, '%', "inf"
     * @param upper    upper-case the prefix and digits (type 'X')
     */
    static String fill(FormatSpec spec, boolean negative, String prefix, String digits, boolean decimal, String rest,
                       boolean upper) {
        char sign = 0;
        if (spec.sign == '+') {
            sign = negative ? '-' : '+';
        } else if (spec.sign == ' ') {
            sign = negative ? '-' : ' ';
        } else if (negative) {
            sign = '-';
        }
        int nSign = sign == 0 ? 0 : 1;
        int nonDigit = nSign + prefix.length() + (decimal ? 1 : 0) + rest.codePointCount(0, rest.length());
        int minWidth = spec.fill == '0' && spec.align == '=' ? spec.width - nonDigit : 0;
        String grouped = digits.isEmpty() ? "" : group(digits, minWidth, spec.grouping, spec.groupSize());
        if (upper) {
            grouped = grouped.toUpperCase(java.util.Locale.ROOT);
            prefix = prefix.toUpperCase(java.util.Locale.ROOT);
        }
        int padding = spec.width - (nonDigit + grouped.length());
        int lpad = 0;
        int spad = 0;
        int rpad = 0;
        if (padding > 0) {
            switch (spec.align) {
                case '<' -> rpad = padding;
                case '^' -> {
                    lpad = padding / 2;
                    rpad = padding - lpad;
                }
                case '=' -> spad = padding;
                default -> lpad = padding;
            }
        }
        StringBuilder sb = new StringBuilder();
        pad(sb, spec.fill, lpad);
        if (sign != 0) {
            sb.append(sign);
        }
        sb.append(prefix);
        pad(sb, spec.fill, spad);
        sb.append(grouped);
        if (decimal) {
            sb.append('.');
        }
        sb.append(rest);
        pad(sb, spec.fill, rpad);
        return sb.toString();
    }

    static void pad(StringBuilder sb, int fill, int n) {
        for (int i = 0; i < n; i++) {
            sb.appendCodePoint(fill);
        }
    }

    /**
     * Groups {@code digits} from the right with {@code sep} every {@code size} digits (no grouping when sep is 0),
     * left-padding with zeros until the result is at least {@code minWidth} long.
     */
    static String group(String digits, int minWidth, char sep, int size) {
        minWidth = Math.max(0, minWidth);
        StringBuilder out = new StringBuilder();   // built right to left, reversed at the end
        int remaining = digits.length();
        int pos = digits.length();
        boolean useSep = false;
        boolean broken = false;
        if (sep != 0) {
            while (true) {
                int len = Math.min(size, Math.max(Math.max(remaining, minWidth), 1));
                int nZeros = Math.max(0, len - remaining);
                int nChars = Math.max(0, Math.min(remaining, len));
                if (useSep) {
                    out.append(sep);
                }
                for (int i = 0; i < nChars; i++) {
                    out.append(digits.charAt(--pos));
                }
                for (int i = 0; i < nZeros; i++) {
                    out.append('0');
                }
                useSep = true;
                remaining -= nChars;
                minWidth -= len;
                if (remaining <= 0 && minWidth <= 0) {
                    broken = true;
                    break;
                }
                minWidth -= 1;
            }
        }
        if (!broken) {
            int len = Math.max(Math.max(remaining, minWidth), 1);
            int nZeros = Math.max(0, len - remaining);
            int nChars = Math.max(0, Math.min(remaining, len));
            if (useSep) {
                out.append(sep);
            }
            for (int i = 0; i < nChars; i++) {
                out.append(digits.charAt(--pos));
            }
            for (int i = 0; i < nZeros; i++) {
                out.append('0');
            }
        }
        return out.reverse().toString();
    }
}
