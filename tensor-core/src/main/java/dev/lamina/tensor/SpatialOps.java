package dev.lamina.tensor;

/**
 * Spatial ops on NHWC {@code [batch, height, width, channels]} images beyond plain convolution and pooling
 * ({@link ConvOps}, {@link PoolOps}): zero padding and cropping, upsampling, depthwise and transposed convolution,
 * with Keras' layouts and padding rules ({@code "same"} puts the extra cell of an odd total after).
 */
public final class SpatialOps {
    private SpatialOps() {
    }

    /**
     * Pads the two spatial axes with zeros, XLA-style: {@code pads = {top, bottom, left, right}} cells before and
     * after each axis (a negative count crops that many cells) and {@code interior = {ih, iw}} zeros inserted
     * between neighbouring cells (a transposed convolution's stride). Input cell {@code (h, w)} lands at
     * {@code (h*(ih+1) + top, w*(iw+1) + left)}.
     */
    public static Tensor pad2d(Tensor x, int[] pads, int[] interior) {
        String op = "pad2d";
        Shape xs = x.shape();
        if (xs.rank() != 4) throw new IllegalArgumentException(op + ": expected an input [batch, height, width, channels] of rank 4, received shape " + xs);
        if (pads == null || pads.length != 4) {
            throw new IllegalArgumentException(op + ": expected pads {top, bottom, left, right}, received " + java.util.Arrays.toString(pads));
        }
        if (interior == null || interior.length != 2 || interior[0] < 0 || interior[1] < 0) {
            throw new IllegalArgumentException(op + ": expected interior {ih, iw} >= 0, received " + java.util.Arrays.toString(interior));
        }
        int b = xs.dim(0), h = xs.dim(1), w = xs.dim(2), c = xs.dim(3);
        int sh = interior[0] + 1, sw = interior[1] + 1;
        int oh = (h == 0 ? 0 : (h - 1) * sh + 1) + pads[0] + pads[1];
        int ow = (w == 0 ? 0 : (w - 1) * sw + 1) + pads[2] + pads[3];
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(op + ": expected a non-empty result, received pads " + java.util.Arrays.toString(pads)
                    + " that leave " + oh + "x" + ow + " of input shape " + xs);
        }
        Shape out = Shape.of(b, oh, ow, c);
        float[] y = new float[out.size()];
        copyCells(xs, out, pads[0], pads[2], sh, sw, x.data(), x.offset(), y, 0, true);
        return Autodiff.record(op, Tensor.of(y, out), x, g -> {
            float[] dx = new float[xs.size()];
            copyCells(xs, out, pads[0], pads[2], sh, sw, dx, 0, g.data(), g.offset(), false);
            return new Tensor[]{Tensor.of(dx, xs)};
        });
    }

    /** Copies each input cell's channels to its padded position ({@code forward}) or back, skipping cropped cells. */
    private static void copyCells(Shape in, Shape out, int top, int left, int sh, int sw, float[] x, int xOff,
                                  float[] y, int yOff, boolean forward) {
        int b = in.dim(0), h = in.dim(1), w = in.dim(2), c = in.dim(3), oh = out.dim(1), ow = out.dim(2);
        for (int n = 0; n < b; n++) {
            for (int i = 0; i < h; i++) {
                int o = i * sh + top;
                if (o < 0 || o >= oh) continue;
                for (int j = 0; j < w; j++) {
                    int p = j * sw + left;
                    if (p < 0 || p >= ow) continue;
                    int xi = xOff + ((n * h + i) * w + j) * c, yi = yOff + ((n * oh + o) * ow + p) * c;
                    if (forward) System.arraycopy(x, xi, y, yi, c);
                    else System.arraycopy(y, yi, x, xi, c);
                }
            }
        }
    }

    /**
     * Keras' {@code UpSampling2D}: repeats rows {@code size[0]} times and columns {@code size[1]} times
     * ({@code "nearest"}), or resizes by bilinear interpolation with half-pixel centres ({@code "bilinear"}, as
     * {@code tf.image.resize} does), giving {@code [batch, h*sh, w*sw, channels]}.
     */
    public static Tensor upSampling2d(Tensor x, int[] size, String interpolation) {
        String op = "upSampling2d";
        Shape xs = x.shape();
        if (xs.rank() != 4) throw new IllegalArgumentException(op + ": expected an input [batch, height, width, channels] of rank 4, received shape " + xs);
        WindowArgs.checkPair(op, "size", size);
        if (!"nearest".equals(interpolation) && !"bilinear".equals(interpolation)) {
            throw new IllegalArgumentException(op + ": expected interpolation 'nearest' or 'bilinear', received '" + interpolation + "'");
        }
        Resize r = new Resize(xs, size, "bilinear".equals(interpolation));
        float[] y = new float[r.out.size()];
        r.forward(x.data(), x.offset(), y);
        return Autodiff.record(op, Tensor.of(y, r.out), x, g -> {
            float[] dx = new float[xs.size()];
            r.backward(g.data(), g.offset(), dx);
            return new Tensor[]{Tensor.of(dx, xs)};
        });
    }

    /**
     * Depthwise 2-D convolution: each input channel {@code c} of {@code x [batch, h, w, C]} is convolved with its
     * own {@code M} filters of {@code kernel [kh, kw, C, M]}, giving {@code C*M} output channels in the order
     * {@code c*M + m} (TensorFlow's). Strides, padding and dilation as in {@link ConvOps#conv2d}; no bias.
     */
    public static Tensor depthwiseConv2d(Tensor x, Tensor kernel, int[] strides, String padding, int[] dilation) {
        String op = "depthwiseConv2d";
        Shape xs = x.shape(), ks = kernel.shape();
        if (xs.rank() != 4 || ks.rank() != 4) {
            throw new ShapeMismatchException(op, "an input [batch, height, width, channels] and a kernel [kh, kw, channels, depth_multiplier], both of rank 4", xs, ks);
        }
        if (xs.last() != ks.dim(2)) {
            throw new ShapeMismatchException(op, "input channels (" + xs.last() + ") equal to the kernel's channels (" + ks.dim(2) + ")", xs, ks);
        }
        WindowArgs.checkPair(op, "strides", strides);
        WindowArgs.checkPair(op, "dilation_rate", dilation);
        String pad = WindowArgs.padding(op, padding, false);
        int[] h = WindowArgs.window(op, pad, "height", xs.dim(1), ks.dim(0), strides[0], dilation[0], xs, ks);
        int[] w = WindowArgs.window(op, pad, "width", xs.dim(2), ks.dim(1), strides[1], dilation[1], xs, ks);
        DepthwiseKernel d = new DepthwiseKernel(xs, ks, strides, dilation, h[0], w[0], h[1], w[1]);
        float[] y = new float[d.out.size()];
        d.forward(x.data(), x.offset(), kernel.data(), kernel.offset(), y);
        return Autodiff.record(op, Tensor.of(y, d.out), new Tensor[]{x, kernel}, g -> {
            float[] dx = x.requiresGrad() ? new float[xs.size()] : null;
            float[] dk = kernel.requiresGrad() ? new float[ks.size()] : null;
            d.backward(x.data(), x.offset(), kernel.data(), kernel.offset(), g.data(), g.offset(), dx, dk);
            return new Tensor[]{dx == null ? null : Tensor.of(dx, xs), dk == null ? null : Tensor.of(dk, ks)};
        });
    }

    /**
     * Keras' {@code Conv2DTranspose} math: the input gradient of a {@link ConvOps#conv2d} whose output is {@code x},
     * for {@code kernel [kh, kw, filters, in_channels]} (Keras' layout), giving {@code [batch, outH, outW, filters]}.
     * Output length per axis (Keras' {@code deconv_output_length}, {@code k} the dilated kernel extent): without
     * {@code outputPadding}, {@code "valid"} {@code n*s + max(k - s, 0)} and {@code "same"} {@code n*s}; with it,
     * {@code (n-1)*s + k - 2*pad + outputPadding}, {@code pad} 0 or {@code k/2}. Computed as a stride-1 valid
     * convolution of {@code x} spread out by the strides and padded, with the kernel flipped.
     *
     * @param outputPadding null, or {@code (ph, pw)} each below the stride
     */
    public static Tensor conv2dTranspose(Tensor x, Tensor kernel, int[] strides, String padding, int[] dilation, int[] outputPadding) {
        String op = "conv2dTranspose";
        Shape xs = x.shape(), ks = kernel.shape();
        if (xs.rank() != 4 || ks.rank() != 4) {
            throw new ShapeMismatchException(op, "an input [batch, height, width, channels] and a kernel [kh, kw, filters, in_channels], both of rank 4", xs, ks);
        }
        if (xs.last() != ks.dim(3)) {
            throw new ShapeMismatchException(op, "input channels (" + xs.last() + ") equal to the kernel's in_channels (" + ks.dim(3) + ")", xs, ks);
        }
        WindowArgs.checkPair(op, "strides", strides);
        WindowArgs.checkPair(op, "dilation_rate", dilation);
        String pad = WindowArgs.padding(op, padding, false);
        int[] pads = new int[4];
        for (int a = 0; a < 2; a++) {
            int n = xs.dim(1 + a), s = strides[a], k = dilation[a] * (ks.dim(a) - 1) + 1;
            int out = transposeOutputLength(op, n, k, s, pad, outputPadding == null ? -1 : outputPadding[a]);
            // The forward conv this transposes: output n from input out, padding before as ConvOps computes it.
            int before = pad.equals("valid") ? 0 : Math.max((n - 1) * s + k - out, 0) / 2;
            pads[2 * a] = k - 1 - before;
            pads[2 * a + 1] = out + k - 1 - (n - 1) * s - 1 - pads[2 * a];
        }
        Tensor spread = pad2d(x, pads, new int[]{strides[0] - 1, strides[1] - 1});
        int kh = ks.dim(0), kw = ks.dim(1), filters = ks.dim(2), in = ks.dim(3);
        int[] reversed = new int[kh * kw];
        for (int i = 0; i < reversed.length; i++) reversed[i] = reversed.length - 1 - i;   // flips both spatial axes
        Tensor flipped = Ops.reshape(Ops.gather(Ops.reshape(kernel, kh * kw, filters, in), reversed), kh, kw, filters, in);
        return ConvOps.conv2d(spread, Ops.permute(flipped, 0, 1, 3, 2), new int[]{1, 1}, "valid", dilation);
    }

    private static int transposeOutputLength(String op, int n, int k, int s, String pad, int outputPadding) {
        if (outputPadding < 0) return pad.equals("valid") ? n * s + Math.max(k - s, 0) : n * s;
        if (outputPadding >= s) {
            throw new IllegalArgumentException(op + ": expected output_padding below the stride " + s + ", received output_padding=" + outputPadding);
        }
        return (n - 1) * s + k - 2 * (pad.equals("valid") ? 0 : k / 2) + outputPadding;
    }
}
