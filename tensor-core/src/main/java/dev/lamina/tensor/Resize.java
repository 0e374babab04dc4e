package dev.lamina.tensor;

/**
 * The index arithmetic of {@link SpatialOps#upSampling2d}: per output row and column, the two source cells and the
 * weight of the second one. Nearest repeats cells ({@code src = out / size}); bilinear follows
 * {@code tf.image.resize} with half-pixel centres: {@code src = (out + 0.5) / size - 0.5}, the neighbours
 * {@code floor(src)} and {@code floor(src) + 1} clamped into the image. Internal.
 */
final class Resize {
    final Shape out;
    private final Shape in;
    private final int[] rowLo, rowHi, colLo, colHi;
    private final float[] rowW, colW;

    Resize(Shape in, int[] size, boolean bilinear) {
        this.in = in;
        this.out = Shape.of(in.dim(0), in.dim(1) * size[0], in.dim(2) * size[1], in.dim(3));
        int oh = out.dim(1), ow = out.dim(2);
        rowLo = new int[oh];
        rowHi = new int[oh];
        rowW = new float[oh];
        colLo = new int[ow];
        colHi = new int[ow];
        colW = new float[ow];
        taps(in.dim(1), size[0], bilinear, rowLo, rowHi, rowW);
        taps(in.dim(2), size[1], bilinear, colLo, colHi, colW);
    }

    private static void taps(int n, int scale, boolean bilinear, int[] lo, int[] hi, float[] w) {
        for (int o = 0; o < lo.length; o++) {
            if (!bilinear) {
                lo[o] = hi[o] = o / scale;
                continue;
            }
            double src = (o + 0.5) / scale - 0.5;
            double f = Math.floor(src);
            lo[o] = Math.max((int) f, 0);
            hi[o] = Math.min((int) f + 1, n - 1);
            w[o] = (float) (src - f);
        }
    }

    void forward(float[] x, int xOff, float[] y) {
        int b = in.dim(0), h = in.dim(1), w = in.dim(2), c = in.dim(3), oh = out.dim(1), ow = out.dim(2);
        for (int n = 0; n < b; n++) {
            for (int i = 0; i < oh; i++) {
                int r0 = xOff + (n * h + rowLo[i]) * w * c, r1 = xOff + (n * h + rowHi[i]) * w * c;
                float wr = rowW[i];
                for (int j = 0; j < ow; j++) {
                    int a = colLo[j] * c, d = colHi[j] * c, yi = ((n * oh + i) * ow + j) * c;
                    float wc = colW[j];
                    for (int ch = 0; ch < c; ch++) {
                        float top = x[r0 + a + ch] + wc * (x[r0 + d + ch] - x[r0 + a + ch]);
                        float bottom = x[r1 + a + ch] + wc * (x[r1 + d + ch] - x[r1 + a + ch]);
                        y[yi + ch] = top + wr * (bottom - top);
                    }
                }
            }
        }
    }

    /** Adds each output gradient to its source cells with the forward weights. */
    void backward(float[] g, int gOff, float[] dx) {
        int b = in.dim(0), h = in.dim(1), w = in.dim(2), c = in.dim(3), oh = out.dim(1), ow = out.dim(2);
        for (int n = 0; n < b; n++) {
            for (int i = 0; i < oh; i++) {
                int r0 = (n * h + rowLo[i]) * w * c, r1 = (n * h + rowHi[i]) * w * c;
                float wr = rowW[i];
                for (int j = 0; j < ow; j++) {
                    int a = colLo[j] * c, d = colHi[j] * c, gi = gOff + ((n * oh + i) * ow + j) * c;
                    float wc = colW[j];
                    for (int ch = 0; ch < c; ch++) {
                        float v = g[gi + ch], top = v * (1 - wr), bottom = v * wr;
                        dx[r0 + a + ch] += top * (1 - wc);
                        dx[r0 + d + ch] += top * wc;
                        dx[r1 + a + ch] += bottom * (1 - wc);
                        dx[r1 + d + ch] += bottom * wc;
                    }
                }
            }
        }
    }
}
