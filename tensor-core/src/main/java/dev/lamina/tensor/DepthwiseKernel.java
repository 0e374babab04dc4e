package dev.lamina.tensor;

/**
 * The loops of {@link SpatialOps#depthwiseConv2d}: output channel {@code c*M + m} of window {@code (oy, ox)} sums
 * {@code x[iy, ix, c] * kernel[a, b, c, m]} over the window's cells inside the image, with
 * {@code iy = oy*strideH - padTop + a*dilationH} (columns likewise). The inner loops run over the contiguous
 * {@code C*M} channels of one kernel tap. Internal.
 */
final class DepthwiseKernel {
    final Shape out;
    private final int batch, height, width, channels, multiplier, kh, kw, sh, sw, dh, dw, padTop, padLeft, oh, ow;

    DepthwiseKernel(Shape xs, Shape ks, int[] strides, int[] dilation, int padTop, int padLeft, int oh, int ow) {
        batch = xs.dim(0);
        height = xs.dim(1);
        width = xs.dim(2);
        channels = xs.dim(3);
        kh = ks.dim(0);
        kw = ks.dim(1);
        multiplier = ks.dim(3);
        sh = strides[0];
        sw = strides[1];
        dh = dilation[0];
        dw = dilation[1];
        this.padTop = padTop;
        this.padLeft = padLeft;
        this.oh = oh;
        this.ow = ow;
        out = Shape.of(batch, oh, ow, channels * multiplier);
    }

    void forward(float[] x, int xOff, float[] k, int kOff, float[] y) {
        run(x, xOff, k, kOff, y, 0, null, null, true);
    }

    /** {@code dx} and {@code dk} (either may be null) receive the gradients for the output gradient {@code g}. */
    void backward(float[] x, int xOff, float[] k, int kOff, float[] g, int gOff, float[] dx, float[] dk) {
        run(x, xOff, k, kOff, g, gOff, dx, dk, false);
    }

    private void run(float[] x, int xOff, float[] k, int kOff, float[] y, int yOff, float[] dx, float[] dk, boolean forward) {
        int cm = channels * multiplier, m = multiplier;
        for (int n = 0; n < batch; n++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int yi = yOff + ((n * oh + oy) * ow + ox) * cm;
                    for (int a = 0; a < kh; a++) {
                        int iy = oy * sh - padTop + a * dh;
                        if (iy < 0 || iy >= height) continue;
                        for (int b = 0; b < kw; b++) {
                            int ix = ox * sw - padLeft + b * dw;
                            if (ix < 0 || ix >= width) continue;
                            int xi = ((n * height + iy) * width + ix) * channels, ki = (a * kw + b) * cm;
                            if (forward) {
                                if (m == 1) for (int c = 0; c < cm; c++) y[yi + c] += x[xOff + xi + c] * k[kOff + ki + c];
                                else for (int j = 0; j < cm; j++) y[yi + j] += x[xOff + xi + j / m] * k[kOff + ki + j];
                                continue;
                            }
                            if (dx != null) {
                                for (int j = 0; j < cm; j++) dx[xi + j / m] += y[yi + j] * k[kOff + ki + j];
                            }
                            if (dk != null) {
                                for (int j = 0; j < cm; j++) dk[ki + j] += x[xOff + xi + j / m] * y[yi + j];
                            }
                        }
                    }
                }
            }
        }
    }
}
