package dev.lamina.tensor;

/**
 * TEMPORARY stand-in for the real ConvOps (being written on another branch): straightforward loop
 * implementations of Keras' channels_last convolution and pooling, with backward closures, so the layers module
 * compiles and is tested before the real one lands. Drop this file at merge.
 */
public final class ConvOps {
    private ConvOps() {
    }

    public static Tensor conv1d(Tensor x, Tensor kernel, int stride, String padding, int dilation) {
        if (x.rank() != 3 || kernel.rank() != 3) throw new ShapeMismatchException("conv1d", "x [batch, width, channels] and kernel [k, in, out]", x.shape(), kernel.shape());
        Shape xs = x.shape(), ks = kernel.shape();
        Tensor y = conv(x.reshape(xs.dim(0), 1, xs.dim(1), xs.dim(2)), kernel.reshape(1, ks.dim(0), ks.dim(1), ks.dim(2)),
                new int[]{1, stride}, padding, new int[]{1, dilation});
        return y.reshape(y.shape().dim(0), y.shape().dim(2), y.shape().dim(3));
    }

    public static Tensor conv2d(Tensor x, Tensor kernel, int[] strides, String padding, int[] dilation) {
        if ("causal".equals(padding)) throw new IllegalArgumentException("conv2d: expected padding 'valid' or 'same', received 'causal'");
        return conv(x, kernel, strides, padding, dilation);
    }

    private static Tensor conv(Tensor x, Tensor kernel, int[] strides, String padding, int[] dilation) {
        if (x.rank() != 4 || kernel.rank() != 4 || x.shape().dim(3) != kernel.shape().dim(2)) {
            throw new ShapeMismatchException("conv2d", "x NHWC and kernel HWIO with matching channels", x.shape(), kernel.shape());
        }
        Shape xs = x.shape(), ks = kernel.shape();
        int n = xs.dim(0), h = xs.dim(1), w = xs.dim(2), c = xs.dim(3), kh = ks.dim(0), kw = ks.dim(1), o = ks.dim(3);
        int oh = outLen(h, kh, strides[0], padding, dilation[0]), ow = outLen(w, kw, strides[1], padding, dilation[1]);
        int pt = padBefore(h, kh, strides[0], padding, dilation[0]), pl = padBefore(w, kw, strides[1], padding, dilation[1]);
        float[] xd = x.contiguousArray(), kd = kernel.contiguousArray(), yd = new float[n * oh * ow * o];
        int sh = strides[0], sw = strides[1], dh = dilation[0], dw = dilation[1];
        for (int b = 0; b < n; b++) for (int i = 0; i < oh; i++) for (int j = 0; j < ow; j++) {
            int yo = ((b * oh + i) * ow + j) * o;
            for (int p = 0; p < kh; p++) {
                int r = i * sh + p * dh - pt;
                if (r < 0 || r >= h) continue;
                for (int q = 0; q < kw; q++) {
                    int s = j * sw + q * dw - pl;
                    if (s < 0 || s >= w) continue;
                    int xo = ((b * h + r) * w + s) * c, ko = (p * kw + q) * c * o;
                    for (int ci = 0; ci < c; ci++) {
                        float v = xd[xo + ci];
                        for (int co = 0; co < o; co++) yd[yo + co] += v * kd[ko + ci * o + co];
                    }
                }
            }
        }
        Tensor y = Tensor.of(yd, Shape.of(n, oh, ow, o));
        return Autodiff.record("conv2d", y, new Tensor[]{x, kernel}, g -> {
            float[] gd = g.contiguousArray(), gx = new float[xd.length], gk = new float[kd.length];
            for (int b = 0; b < n; b++) for (int i = 0; i < oh; i++) for (int j = 0; j < ow; j++) {
                int yo = ((b * oh + i) * ow + j) * o;
                for (int p = 0; p < kh; p++) {
                    int r = i * sh + p * dh - pt;
                    if (r < 0 || r >= h) continue;
                    for (int q = 0; q < kw; q++) {
                        int s = j * sw + q * dw - pl;
                        if (s < 0 || s >= w) continue;
                        int xo = ((b * h + r) * w + s) * c, ko = (p * kw + q) * c * o;
                        for (int ci = 0; ci < c; ci++) {
                            float acc = 0;
                            for (int co = 0; co < o; co++) {
                                acc += gd[yo + co] * kd[ko + ci * o + co];
                                gk[ko + ci * o + co] += gd[yo + co] * xd[xo + ci];
                            }
                            gx[xo + ci] += acc;
                        }
                    }
                }
            }
            return new Tensor[]{Tensor.of(gx, xs), Tensor.of(gk, ks)};
        });
    }

    public static Tensor maxPool1d(Tensor x, int pool, int stride, String padding) {
        return pool1d(x, pool, stride, padding, true);
    }

    public static Tensor avgPool1d(Tensor x, int pool, int stride, String padding) {
        return pool1d(x, pool, stride, padding, false);
    }

    public static Tensor maxPool2d(Tensor x, int[] pool, int[] strides, String padding) {
        return pool2d(x, pool, strides, padding, true);
    }

    public static Tensor avgPool2d(Tensor x, int[] pool, int[] strides, String padding) {
        return pool2d(x, pool, strides, padding, false);
    }

    public static Tensor globalMaxPool1d(Tensor x) {
        return ReduceOps.max(x, false, 1);
    }

    public static Tensor globalAvgPool1d(Tensor x) {
        return ReduceOps.mean(x, false, 1);
    }

    public static Tensor globalMaxPool2d(Tensor x) {
        return ReduceOps.max(x, false, 1, 2);
    }

    public static Tensor globalAvgPool2d(Tensor x) {
        return ReduceOps.mean(x, false, 1, 2);
    }

    private static Tensor pool1d(Tensor x, int pool, int stride, String padding, boolean max) {
        if (x.rank() != 3) throw new IllegalArgumentException("pool1d: expected x [batch, width, channels], received " + x.shape());
        Shape xs = x.shape();
        Tensor y = pool2d(x.reshape(xs.dim(0), 1, xs.dim(1), xs.dim(2)), new int[]{1, pool}, new int[]{1, stride}, padding, max);
        return y.reshape(y.shape().dim(0), y.shape().dim(2), y.shape().dim(3));
    }

    private static Tensor pool2d(Tensor x, int[] pool, int[] strides, String padding, boolean max) {
        if (x.rank() != 4) throw new IllegalArgumentException("pool2d: expected x NHWC, received " + x.shape());
        Shape xs = x.shape();
        int n = xs.dim(0), h = xs.dim(1), w = xs.dim(2), c = xs.dim(3);
        int oh = outLen(h, pool[0], strides[0], padding, 1), ow = outLen(w, pool[1], strides[1], padding, 1);
        int pt = padBefore(h, pool[0], strides[0], padding, 1), pl = padBefore(w, pool[1], strides[1], padding, 1);
        float[] xd = x.contiguousArray(), yd = new float[n * oh * ow * c];
        int[] arg = new int[yd.length];
        float[] count = new float[yd.length];
        for (int b = 0; b < n; b++) for (int i = 0; i < oh; i++) for (int j = 0; j < ow; j++) for (int ch = 0; ch < c; ch++) {
            int yi = ((b * oh + i) * ow + j) * c + ch;
            float best = Float.NEGATIVE_INFINITY, sum = 0;
            int bestAt = -1, cnt = 0;
            for (int p = 0; p < pool[0]; p++) {
                int r = i * strides[0] + p - pt;
                if (r < 0 || r >= h) continue;
                for (int q = 0; q < pool[1]; q++) {
                    int s = j * strides[1] + q - pl;
                    if (s < 0 || s >= w) continue;
                    int xi = ((b * h + r) * w + s) * c + ch;
                    if (bestAt < 0 || xd[xi] > best) {
                        best = xd[xi];
                        bestAt = xi;
                    }
                    sum += xd[xi];
                    cnt++;
                }
            }
            yd[yi] = max ? best : sum / cnt;
            arg[yi] = bestAt;
            count[yi] = cnt;
        }
        Tensor y = Tensor.of(yd, Shape.of(n, oh, ow, c));
        return Autodiff.record(max ? "max_pool2d" : "avg_pool2d", y, x, g -> {
            float[] gd = g.contiguousArray(), gx = new float[xd.length];
            for (int b = 0; b < n; b++) for (int i = 0; i < oh; i++) for (int j = 0; j < ow; j++) for (int ch = 0; ch < c; ch++) {
                int yi = ((b * oh + i) * ow + j) * c + ch;
                if (max) {
                    gx[arg[yi]] += gd[yi];
                    continue;
                }
                float share = gd[yi] / count[yi];
                for (int p = 0; p < pool[0]; p++) {
                    int r = i * strides[0] + p - pt;
                    if (r < 0 || r >= h) continue;
                    for (int q = 0; q < pool[1]; q++) {
                        int s = j * strides[1] + q - pl;
                        if (s >= 0 && s < w) gx[((b * h + r) * w + s) * c + ch] += share;
                    }
                }
            }
            return new Tensor[]{Tensor.of(gx, xs)};
        });
    }

    private static int outLen(int n, int k, int stride, String padding, int dilation) {
        int span = dilation * (k - 1) + 1;
        int out;
        if ("same".equals(padding) || "causal".equals(padding)) out = (n + stride - 1) / stride;
        else if ("valid".equals(padding)) out = n >= span ? (n - span) / stride + 1 : 0;
        else throw new IllegalArgumentException("ConvOps: expected padding 'valid' or 'same', received '" + padding + "'");
        if (out <= 0) throw new IllegalArgumentException("ConvOps: input length " + n + " is too short for a window of " + span + " with padding 'valid'");
        return out;
    }

    private static int padBefore(int n, int k, int stride, String padding, int dilation) {
        if ("causal".equals(padding)) return dilation * (k - 1);   // everything before: output t sees inputs <= t
        if (!"same".equals(padding)) return 0;
        int out = (n + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + dilation * (k - 1) + 1 - n, 0);
        return total / 2;
    }
}
