package dev.lamina.utils;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's float-to-text core ({@code PyOS_double_to_string} / {@code format_float_short} in CPython's
 * {@code pystrtod.c}): digits are generated from the exact binary value with {@code BigDecimal}
 * (round-half-even on exact ties, as David Gay's dtoa does), then laid out exactly as CPython lays them out.
 */
final class FloatDigits {
    /** Always show a decimal point and a digit after it for integral results without exponent ("1.0"). */
    static final int ADD_DOT_0 = 1;
    /** '#' alternate form: keep trailing zeros and the decimal point. */
    static final int ALT = 2;
    /** 'z' option: a negative value that rounds to zero loses its sign. */
    static final int NO_NEG_0 = 4;

    private FloatDigits() {
    }

    /** Digits without trailing zeros; the value is 0.DIGITS x 10^decpt (dtoa's convention). */
    private record Digits(String digits, int decpt) {
    }

    /**
     * Formats {@code val} like {@code PyOS_double_to_string(val, type, precision, flags)}.
     *
     * @param type one of e, E, f, F, g, G, r (r = repr: shortest round-trip digits, precision unused)
     */
    static String format(double val, char type, int precision, int flags) {
        boolean upper = Character.isUpperCase(type);
        char mode = Character.toLowerCase(type);
        if (Double.isNaN(val)) {
            return upper ? "NAN" : "nan";   // CPython ignores the sign of a NaN
        }
        boolean negative = Double.doubleToRawLongBits(val) < 0;
        if (Double.isInfinite(val)) {
            return (negative ? "-" : "") + (upper ? "INF" : "inf");
        }
        double a = Math.abs(val);
        if (mode == 'g' && precision == 0) {
            precision = 1;
        }
        Digits d = switch (mode) {
            case 'e' -> significant(a, precision + 1);
            case 'f' -> fixed(a, precision);
            case 'g' -> significant(a, precision);
            case 'r' -> shortest(a);
            default -> throw new IllegalArgumentException("FloatDigits: expected type e, f, g or r, received " + type);
        };
        String digits = d.digits();
        int decpt = d.decpt();
        int len = digits.length();
        if (negative && (flags & NO_NEG_0) != 0 && (len == 0 || digits.equals("0"))) {
            negative = false;
        }
        boolean addDot0 = (flags & ADD_DOT_0) != 0;
        boolean alt = (flags & ALT) != 0;

        // Output the slice vdigits[vStart:vEnd] of the digits padded with zeros on both sides.
        boolean useExp = false;
        int vEnd = len;
        switch (mode) {
            case 'e' -> {
                useExp = true;
                vEnd = precision + 1;
            }
            case 'f' -> vEnd = decpt + precision;
            case 'g' -> {
                useExp = decpt <= -4 || decpt > (addDot0 ? precision - 1 : precision);
                if (alt) {
                    vEnd = precision;
                }
            }
            default -> useExp = decpt <= -4 || decpt > 16;   // 'r' switches to exponents at 1e16
        }
        int exp = 0;
        if (useExp) {
            exp = decpt - 1;
            decpt = 1;
        }
        int vStart = decpt <= 0 ? decpt - 1 : 0;
        vEnd = (!useExp && addDot0) ? Math.max(vEnd, decpt + 1) : Math.max(vEnd, decpt);

        StringBuilder sb = new StringBuilder(Math.max(16, vEnd - vStart + 8));
        if (negative) {
            sb.append('-');
        }
        if (decpt <= 0) {
            zeros(sb, decpt - vStart).append('.');
            zeros(sb, -decpt);
        }
        if (0 < decpt && decpt <= len) {
            sb.append(digits, 0, decpt).append('.').append(digits, decpt, len);
        } else {
            sb.append(digits);
        }
        if (len < decpt) {
            zeros(sb, decpt - len).append('.');
            zeros(sb, vEnd - decpt);
        } else {
            zeros(sb, vEnd - len);
        }
        if (sb.charAt(sb.length() - 1) == '.' && !alt) {
            sb.setLength(sb.length() - 1);
        }
        if (useExp) {
            sb.append(upper ? 'E' : 'e').append(exp < 0 ? '-' : '+');
            int absExp = Math.abs(exp);
            if (absExp < 10) {
                sb.append('0');
            }
            sb.append(absExp);
        }
        return sb.toString();
    }

    private static StringBuilder zeros(StringBuilder sb, int n) {
        for (int i = 0; i < n; i++) {
            sb.append('0');
        }
        return sb;
    }

    /** dtoa mode 0: the shortest digits that read back as {@code a}; among those, the nearest to {@code a}. */
    private static Digits shortest(double a) {
        if (a == 0) {
            return new Digits("0", 1);
        }
        BigDecimal exact = new BigDecimal(a);
        for (int p = 1; p < 17; p++) {
            BigDecimal down = exact.round(new MathContext(p, RoundingMode.FLOOR));
            BigDecimal up = exact.round(new MathContext(p, RoundingMode.CEILING));
            boolean downOk = readsBackAs(down, a);
            boolean upOk = readsBackAs(up, a);
            if (downOk && upOk) {
                return digitsOf(exact.round(new MathContext(p, RoundingMode.HALF_EVEN)));
            }
            if (downOk) {
                return digitsOf(down);
            }
            if (upOk) {
                return digitsOf(up);
            }
        }
        return digitsOf(exact.round(new MathContext(17, RoundingMode.HALF_EVEN)));   // 17 digits always round-trip
    }

    private static boolean readsBackAs(BigDecimal candidate, double a) {
        return Double.parseDouble(candidate.toString()) == a;   // parseDouble rounds correctly (half-even)
    }

    /** dtoa mode 2: {@code n >= 1} significant digits, correctly rounded. */
    private static Digits significant(double a, int n) {
        if (a == 0) {
            return new Digits("0", 1);
        }
        return digitsOf(new BigDecimal(a).round(new MathContext(n, RoundingMode.HALF_EVEN)));
    }

    /** dtoa mode 3: {@code n} digits after the decimal point; a value that rounds to 0 gives no digits. */
    private static Digits fixed(double a, int n) {
        if (a == 0) {
            return new Digits("0", 1);
        }
        BigDecimal r = new BigDecimal(a).setScale(n, RoundingMode.HALF_EVEN);
        if (r.signum() == 0) {
            return new Digits("", -n);
        }
        return digitsOf(r);
    }

    private static Digits digitsOf(BigDecimal r) {
        BigDecimal s = r.stripTrailingZeros();
        String digits = s.unscaledValue().toString();
        return new Digits(digits, digits.length() - s.scale());
    }
}
