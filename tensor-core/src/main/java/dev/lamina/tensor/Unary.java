package dev.lamina.tensor;

/** Elementwise unary kernels on raw arrays, one tight loop per op. Internal. */
final class Unary {
    public static final int NEG = 0, EXP = 1, LOG = 2, SQRT = 3, SQUARE = 4, ABS = 5, SIGN = 6, RELU = 7,
            SIGMOID = 8, TANH = 9, SOFTPLUS = 10, SOFTSIGN = 11, RECIPROCAL = 12, STEP = 13, ERF = 14,
            LOG1P = 15, COS = 16, SIN = 17, COSH_LOG = 18;

    private Unary() {
    }

    /** {@code out[i] = f(x[off + i])} for {@code i < n}; {@code out} starts at 0. */
    public static void apply(int op, float[] x, int off, int n, float[] out) {
        switch (op) {
            case NEG: for (int i = 0; i < n; i++) out[i] = -x[off + i]; break;
            case EXP: for (int i = 0; i < n; i++) out[i] = (float) Math.exp(x[off + i]); break;
            case LOG: for (int i = 0; i < n; i++) out[i] = (float) Math.log(x[off + i]); break;
            case SQRT: for (int i = 0; i < n; i++) out[i] = (float) Math.sqrt(x[off + i]); break;
            case SQUARE: for (int i = 0; i < n; i++) { float v = x[off + i]; out[i] = v * v; } break;
            case ABS: for (int i = 0; i < n; i++) out[i] = Math.abs(x[off + i]); break;
            case SIGN: for (int i = 0; i < n; i++) out[i] = Math.signum(x[off + i]); break;
            case RELU: for (int i = 0; i < n; i++) { float v = x[off + i]; out[i] = v <= 0f ? 0f : v; } break;
            case STEP: for (int i = 0; i < n; i++) out[i] = x[off + i] > 0f ? 1f : 0f; break;
            case SIGMOID: for (int i = 0; i < n; i++) out[i] = sigmoid(x[off + i]); break;
            case TANH: for (int i = 0; i < n; i++) out[i] = (float) Math.tanh(x[off + i]); break;
            case SOFTPLUS: for (int i = 0; i < n; i++) out[i] = softplus(x[off + i]); break;
            case SOFTSIGN: for (int i = 0; i < n; i++) { float v = x[off + i]; out[i] = v / (1f + Math.abs(v)); } break;
            case RECIPROCAL: for (int i = 0; i < n; i++) out[i] = 1f / x[off + i]; break;
            case ERF: for (int i = 0; i < n; i++) out[i] = (float) erf(x[off + i]); break;
            case LOG1P: for (int i = 0; i < n; i++) out[i] = (float) Math.log1p(x[off + i]); break;
            case COS: for (int i = 0; i < n; i++) out[i] = (float) Math.cos(x[off + i]); break;
            case SIN: for (int i = 0; i < n; i++) out[i] = (float) Math.sin(x[off + i]); break;
            case COSH_LOG: for (int i = 0; i < n; i++) out[i] = (float) logCosh(x[off + i]); break;
            default: throw new IllegalArgumentException("unknown unary op " + op);
        }
    }

    /** Numerically stable logistic function. */
    public static float sigmoid(float v) {
        if (v >= 0) return (float) (1.0 / (1.0 + Math.exp(-v)));
        double e = Math.exp(v);
        return (float) (e / (1.0 + e));
    }

    /** {@code log(1 + exp(v))} without overflow. */
    public static float softplus(float v) {
        return (float) (Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs((double) v))));
    }

    /** {@code log(cosh(v))} without overflow: {@code |v| + log1p(exp(-2|v|)) - log 2}. */
    public static double logCosh(double v) {
        double a = Math.abs(v);
        return a + Math.log1p(Math.exp(-2 * a)) - Math.log(2.0);
    }

    /** The error function, to double precision (W. J. Cody's rational approximations, CALERF). */
    public static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 0.46875) {
            double t = x * x;
            double top = (((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t
                    + 377.485237685302021) * t + 3209.37758913846947;
            double bot = (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t
                    + 2844.23683343917062;
            return x * top / bot;
        }
        double r = erfcAbs(ax);
        return x > 0 ? 1 - r : r - 1;
    }

    /** The complementary error function {@code 1 - erf(x)}, without cancellation for large positive x. */
    public static double erfc(double x) {
        double ax = Math.abs(x);
        if (ax < 0.46875) return 1 - erf(x);
        double r = erfcAbs(ax);
        return x > 0 ? r : 2 - r;
    }

    private static double erfcAbs(double ax) {
        if (ax == Double.POSITIVE_INFINITY) return 0;      // the split below would give inf - inf; NaN passes through
        double res;
        if (ax < 4.0) {
            // Cody's c[8] (2.15e-8) is the LEADING coefficient, not the constant term.
            double top = (((((((2.15311535474403846e-8 * ax + 5.64188496988670089e-1) * ax + 8.88314979438837594) * ax
                    + 66.1191906371416295) * ax + 298.635138197400131) * ax + 881.952221241769090) * ax
                    + 1712.04761263407058) * ax + 2051.07837782607147) * ax + 1230.33935479799725;
            double bot = (((((((ax + 15.7449261107098347) * ax + 117.693950891312499) * ax + 537.181101862009858) * ax
                    + 1621.38957456669019) * ax + 3290.79923573345963) * ax + 4362.61909014324716) * ax
                    + 3439.36767414372164) * ax + 1230.33935480374942;
            res = top / bot;
        } else {
            double z = 1 / (ax * ax);
            double top = ((((1.63153871373020978e-2 * z + 3.05326634961232344e-1) * z + 3.60344899949804439e-1) * z
                    + 1.25781726111229246e-1) * z + 1.60837851487422766e-2) * z + 6.58749161529837803e-4;
            double bot = ((((z + 2.56852019228982242) * z + 1.87295284992346725) * z + 5.27905102951428412e-1) * z
                    + 6.05183413124413191e-2) * z + 2.33520497626869185e-3;
            res = (0.564189583547756287 - z * top / bot) / ax;
        }
        // exp(-x^2) split to keep precision, as Cody does.
        double xs = Math.floor(ax * 16) / 16;
        double del = (ax - xs) * (ax + xs);
        return Math.exp(-xs * xs) * Math.exp(-del) * res;
    }
}
