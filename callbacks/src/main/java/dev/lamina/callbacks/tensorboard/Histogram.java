package dev.lamina.callbacks.tensorboard;

import dev.lamina.tensor.io.ProtoWriter;

import java.util.Arrays;

/**
 * A {@code HistogramProto} built the way TensorFlow's C++ {@code histogram::Histogram} builds the legacy
 * histogram summaries TensorBoard reads: fixed buckets whose limits grow by 10% from 1e-12 to 1e20 (mirrored
 * for negatives, with 0 and +-DBL_MAX), counts per bucket, runs of empty buckets collapsed into one entry.
 */
final class Histogram {
    /** TF's default bucket limits; bucket i holds values in [limit[i-1], limit[i]). */
    private static final double[] LIMITS = defaultLimits();

    private Histogram() {
    }

    private static double[] defaultLimits() {
        double[] positive = new double[1024];
        int n = 0;
        for (double v = 1.0e-12; v < 1.0e20; v *= 1.1) {   // the same double sequence as TF's loop
            positive[n++] = v;
        }
        double[] limits = new double[2 * n + 3];
        int k = 0;
        limits[k++] = -Double.MAX_VALUE;
        for (int i = n - 1; i >= 0; i--) {
            limits[k++] = -positive[i];
        }
        limits[k++] = 0.0;
        for (int i = 0; i < n; i++) {
            limits[k++] = positive[i];
        }
        limits[k] = Double.MAX_VALUE;
        return limits;
    }

    /** The serialized HistogramProto of finite {@code values} (checked by the caller). */
    static byte[] encode(float[] values) {
        double[] counts = new double[LIMITS.length];
        double min = Double.MAX_VALUE;   // TF starts from the last limit and its negation
        double max = -Double.MAX_VALUE;
        double sum = 0;
        double sumSquares = 0;
        for (float f : values) {
            double v = f;
            counts[Math.min(upperBound(v), LIMITS.length - 1)] += 1;
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            sumSquares += v * v;
        }
        double[] outLimits = new double[LIMITS.length];
        double[] outCounts = new double[LIMITS.length];
        int n = 0;
        for (int i = 0; i < LIMITS.length; ) {
            double end = LIMITS[i];
            double count = counts[i];
            i++;
            if (count <= 0) {
                while (i < LIMITS.length && counts[i] <= 0) {
                    end = LIMITS[i];
                    count = counts[i];
                    i++;
                }
            }
            outLimits[n] = end;
            outCounts[n] = count;
            n++;
        }
        ProtoWriter proto = new ProtoWriter();
        nonZero(proto, 1, min);
        nonZero(proto, 2, max);
        nonZero(proto, 3, values.length);
        nonZero(proto, 4, sum);
        nonZero(proto, 5, sumSquares);
        return proto.packedDoubles(6, outLimits, n).packedDoubles(7, outCounts, n).toByteArray();
    }

    /** The index of the first limit greater than {@code v} (C++ {@code std::upper_bound}). */
    private static int upperBound(double v) {
        int i = Arrays.binarySearch(LIMITS, v);
        if (i < 0) {
            return -i - 1;
        }
        while (i < LIMITS.length && LIMITS[i] == v) {
            i++;
        }
        return i;
    }

    /** proto3 leaves fields at their default (all-zero bits) out. */
    private static void nonZero(ProtoWriter proto, int field, double value) {
        if (Double.doubleToRawLongBits(value) != 0) {
            proto.doubleField(field, value);
        }
    }
}
