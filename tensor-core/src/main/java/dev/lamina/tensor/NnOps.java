package dev.lamina.tensor;

import dev.lamina.tensor.kernels.Gemm;
import dev.lamina.tensor.kernels.Kernels;

/**
 * Activations, softmax and the fused cross-entropies, and dropout. Simple activations are composed from
 * {@link Ops}; only numerically delicate ones (softmax family, fused cross-entropy) and the hot ones (relu,
 * sigmoid, tanh) have hand-written backward closures.
 */
public final class NnOps {
    private static final float SELU_ALPHA = 1.6732632423543772f;
    private static final float SELU_SCALE = 1.0507009873554805f;

    private NnOps() {
    }

    /**
     * {@code max(x, 0)}: NaN stays NaN and -0 gives +0. The gradient is TensorFlow's ReluGrad, {@code g * (y > 0)}, so
     * it is 0 at a NaN input (a NaN there has already made the loss, and so {@code g}, NaN).
     */
    public static Tensor relu(Tensor x) {
        float[] o = new float[x.size()];
        Kernels.relu(x.data(), x.offset(), o, 0, o.length);
        Tensor y = Tensor.of(o, x.shape());
        return Autodiff.record("relu", y, x, g -> {
            float[] d = new float[o.length];
            Kernels.reluGrad(g.data(), g.offset(), o, 0, d, 0, d.length);   // y > 0 exactly where x > 0
            return new Tensor[]{Tensor.of(d, x.shape())};
        });
    }

    /**
     * A dense layer's math, fused: {@code act(x · kernel + bias)} over the last axis of {@code x}, where {@code act}
     * is relu or the identity and {@code bias} may be null. One output array, one backward closure: the relu mask
     * is read from the output, the bias gradient is the column sums. Each value is computed with the same float
     * operations as {@code relu(add(matmul(x, kernel), bias))}, so the results are bit-identical to that.
     */
    public static Tensor dense(Tensor x, Tensor kernel, Tensor bias, boolean relu) {
        Shape xs = x.shape(), ks = kernel.shape();
        if (ks.rank() != 2 || xs.rank() < 2 || xs.last() != ks.dim(0)) {
            throw new ShapeMismatchException("dense", "an input [..., k] of rank >= 2 and a kernel [k, units]", xs, ks);
        }
        int k = ks.dim(0), n = ks.dim(1), m = xs.sizeTo(xs.rank() - 1);
        if (bias != null && (bias.rank() != 1 || bias.size() != n)) {
            throw new ShapeMismatchException("dense", "a bias [units] with units = " + n, ks, bias.shape());
        }
        float[] y = new float[m * n];
        Kernels.gemm().gemm(false, false, m, n, k, x.data(), x.offset(), kernel.data(), kernel.offset(), y, 0, false);
        Kernels.biasRelu(y, 0, m, n, bias == null ? null : bias.data(), bias == null ? 0 : bias.offset(), relu);
        Tensor out = Tensor.of(y, xs.withDim(-1, n));
        Tensor[] inputs = bias == null ? new Tensor[]{x, kernel} : new Tensor[]{x, kernel, bias};
        return Autodiff.record("dense", out, inputs,
                (BackwardIntoFn) (g, into, add) -> denseBackward(g, x, kernel, bias, relu, y, m, k, n, into, add));
    }

    /** The dense backward; an input with {@code into[i]} gets its gradient written (or added) there instead. */
    private static Tensor[] denseBackward(Tensor g, Tensor x, Tensor kernel, Tensor bias, boolean relu, float[] y, int m, int k, int n,
                                          float[][] into, boolean[] add) {
        float[] gz = g.data();
        int gzOff = g.offset();
        if (relu) {                    // a scratch array: gz never leaves this backward
            gz = Kernels.maskedGradient(g.data(), g.offset(), y, 0, m * n);
            gzOff = 0;
        }
        float[][] to = into == null ? new float[3][] : into;
        boolean[] plus = add == null ? new boolean[3] : add;
        float[] dxd = !x.requiresGrad ? null : to[0] != null ? to[0] : new float[x.size()];
        float[] dkd = !kernel.requiresGrad ? null : to[1] != null ? to[1] : new float[k * n];
        float[] dz = gz;
        int dzOff = gzOff;
        Gemm.Call dX = new Gemm.Call(false, true, m, k, n, dz, dzOff, kernel.data(), kernel.offset(), dxd, 0, to[0] != null && plus[0]);
        Gemm.Call dW = new Gemm.Call(true, false, k, n, m, x.data(), x.offset(), dz, dzOff, dkd, 0, to[1] != null && plus[1]);
        // dX = dZ · W^T and dW = X^T · dZ at once: distinct arrays (Autodiff gives a variable one array per node)
        if (dxd != null && dkd != null) Kernels.gemm().pair(dX, dW);
        else if (dxd != null) dX.run(Kernels.gemm());
        else if (dkd != null) dW.run(Kernels.gemm());
        Tensor dx = dxd != null && to[0] == null ? Tensor.of(dxd, x.shape()) : null;
        Tensor dk = dkd != null && to[1] == null ? Tensor.of(dkd, kernel.shape()) : null;
        Tensor db = null;
        if (bias != null && bias.requiresGrad) {
            boolean given = to.length > 2 && to[2] != null;
            float[] d = given ? to[2] : new float[n];
            Kernels.columnSums(gz, gzOff, m, n, d, 0, given && plus[2]);
            if (!given) db = Tensor.of(d, bias.shape());
        }
        return bias == null ? new Tensor[]{dx, dk} : new Tensor[]{dx, dk, db};
    }

    /**
     * {@code x >= 0 ? x : negativeSlope * x} (Keras' default slope is 0.2); NaN gives NaN, with gradient
     * {@code negativeSlope} as in TensorFlow.
     */
    public static Tensor leakyRelu(Tensor x, float negativeSlope) {
        float[] o = new float[x.size()], d = new float[x.size()];
        for (int i = 0; i < o.length; i++) {
            float v = x.get(i);
            o[i] = v >= 0 ? v : negativeSlope * v;
            d[i] = v >= 0 ? 1f : negativeSlope;
        }
        return Autodiff.record("leaky_relu", Tensor.of(o, x.shape()), x, g -> new Tensor[]{Ops.multiply(g, Tensor.of(d, x.shape()))});
    }

    /**
     * {@code x > 0 ? x : alpha * (exp(x) - 1)}. NaN gives NaN with gradient 1, as TensorFlow's EluGrad (which
     * selects on {@code output < 0}).
     */
    public static Tensor elu(Tensor x, float alpha) {
        float[] o = new float[x.size()], d = new float[x.size()];
        for (int i = 0; i < o.length; i++) {
            float v = x.get(i);
            double e = Math.expm1(v);
            o[i] = v <= 0 ? (float) (alpha * e) : v;
            d[i] = v <= 0 ? (float) (alpha * (e + 1)) : 1f;
        }
        return Autodiff.record("elu", Tensor.of(o, x.shape()), x, g -> new Tensor[]{Ops.multiply(g, Tensor.of(d, x.shape()))});
    }

    public static Tensor selu(Tensor x) {
        return Ops.multiply(elu(x, SELU_ALPHA), SELU_SCALE);
    }

    /** GELU: the exact erf form ({@code approximate=false}, Keras' default) or the tanh approximation. */
    public static Tensor gelu(Tensor x, boolean approximate) {
        int n = x.size();
        float[] o = new float[n], d = new float[n];
        for (int i = 0; i < n; i++) {
            double v = x.get(i);
            if (approximate) {
                double c = Math.sqrt(2 / Math.PI);
                double u = c * (v + 0.044715 * v * v * v);
                double t = Math.tanh(u);
                o[i] = (float) (0.5 * v * (1 + t));
                d[i] = (float) (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * c * (1 + 3 * 0.044715 * v * v));
            } else {
                // Phi(v) = erfc(-v/sqrt2)/2: no cancellation in the left tail, where 1 + erf(v) would lose it.
                double cdf = 0.5 * Unary.erfc(-v / Math.sqrt(2));
                double pdf = Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI);
                o[i] = (float) (v * cdf);
                d[i] = (float) (cdf + v * pdf);
            }
        }
        return Autodiff.record("gelu", Tensor.of(o, x.shape()), x, g -> new Tensor[]{Ops.multiply(g, Tensor.of(d, x.shape()))});
    }

    public static Tensor sigmoid(Tensor x) {
        Tensor y = Ops.unary(Unary.SIGMOID, x);
        return Autodiff.record("sigmoid", y, x, g -> {
            float[] d = new float[y.size()];
            for (int i = 0; i < d.length; i++) {
                float s = y.get(i);
                d[i] = g.get(i) * s * (1f - s);
            }
            return new Tensor[]{Tensor.of(d, y.shape())};
        });
    }

    /** Keras 3's piecewise-linear sigmoid: {@code clip(x / 6 + 0.5, 0, 1)}. */
    public static Tensor hardSigmoid(Tensor x) {
        return Ops.clip(Ops.add(Ops.multiply(x, 1f / 6f), 0.5f), 0f, 1f);
    }

    public static Tensor tanh(Tensor x) {
        Tensor y = Ops.unary(Unary.TANH, x);
        return Autodiff.record("tanh", y, x, g -> {
            float[] d = new float[y.size()];
            for (int i = 0; i < d.length; i++) {
                float t = y.get(i);
                d[i] = g.get(i) * (1f - t * t);
            }
            return new Tensor[]{Tensor.of(d, y.shape())};
        });
    }

    /** {@code log(1 + exp(x))}, stable for large |x|. */
    public static Tensor softplus(Tensor x) {
        Tensor y = Ops.unary(Unary.SOFTPLUS, x);
        return Autodiff.record("softplus", y, x, g -> new Tensor[]{Ops.multiply(g, Ops.unary(Unary.SIGMOID, x))});
    }

    /** {@code x / (1 + |x|)}. */
    public static Tensor softsign(Tensor x) {
        Tensor y = Ops.unary(Unary.SOFTSIGN, x);
        return Autodiff.record("softsign", y, x, g -> {
            float[] d = new float[x.size()];
            for (int i = 0; i < d.length; i++) {
                float den = 1f + Math.abs(x.get(i));
                d[i] = g.get(i) / (den * den);
            }
            return new Tensor[]{Tensor.of(d, x.shape())};
        });
    }

    /** {@code x * sigmoid(x)} (also called SiLU). */
    public static Tensor swish(Tensor x) {
        return Ops.multiply(x, sigmoid(x));
    }

    /** Softmax along {@code axis}, shifted by the maximum so large logits do not overflow. */
    public static Tensor softmax(Tensor x, int axis) {
        Tensor y = softmaxValues("softmax", x, axis, false);
        return Autodiff.record("softmax", y, x, g -> {
            Tensor gy = Ops.multiply(g, y);
            return new Tensor[]{Ops.subtract(gy, Ops.multiply(y, ReduceOps.sum(gy, true, axis)))};
        });
    }

    /** {@code x - logsumexp(x)} along {@code axis}, stable at any scale. */
    public static Tensor logSoftmax(Tensor x, int axis) {
        Tensor y = softmaxValues("logSoftmax", x, axis, true);
        return Autodiff.record("log_softmax", y, x, g -> {
            Tensor p = Ops.unary(Unary.EXP, y);
            return new Tensor[]{Ops.subtract(g, Ops.multiply(p, ReduceOps.sum(g, true, axis)))};
        });
    }

    /** Softmax or log-softmax values along one axis, computed in double per row. */
    static Tensor softmaxValues(String op, Tensor x, int axis, boolean log) {
        Shape s = x.shape();
        int ax = Ops.axis(op, s, axis);
        int outer = s.sizeTo(ax), n = s.dim(ax), inner = s.sizeFrom(ax + 1);
        float[] o = new float[s.size()];
        float[] xd = x.data();
        int off = x.offset();
        for (int a = 0; a < outer; a++) {
            for (int b = 0; b < inner; b++) {
                int base = a * n * inner + b;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) max = Math.max(max, xd[off + base + j * inner]);
                double sum = 0;
                for (int j = 0; j < n; j++) sum += Math.exp(xd[off + base + j * inner] - max);
                double lse = Math.log(sum);
                for (int j = 0; j < n; j++) {
                    double z = xd[off + base + j * inner] - max;
                    o[base + j * inner] = (float) (log ? z - lse : Math.exp(z - lse));
                }
            }
        }
        return Tensor.of(o, s);
    }

    /**
     * Per-example {@code -Σ labels · log_softmax(logits)} over the last axis, fused: the gradient with respect to
     * the logits is {@code softmax · Σ labels − labels}, exact at any logit scale. Labels may be soft.
     */
    public static Tensor softmaxCrossEntropyWithLogits(Tensor logits, Tensor labels) {
        if (!logits.shape().equals(labels.shape()) || logits.rank() < 1) {
            throw new ShapeMismatchException("softmaxCrossEntropyWithLogits", "labels shaped like the logits, of rank >= 1", labels.shape(), logits.shape());
        }
        Tensor logp = softmaxValues("softmaxCrossEntropyWithLogits", logits, -1, true);
        int n = logits.shape().last(), rows = logits.size() / Math.max(1, n);
        float[] loss = new float[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                float y = labels.get(r * n + j);
                if (y != 0f) s -= y * (double) logp.get(r * n + j);
            }
            loss[r] = (float) s;
        }
        Shape outShape = Shape.of(java.util.Arrays.copyOf(logits.shape().toArray(), logits.rank() - 1));
        Tensor y = Tensor.of(loss, outShape);
        return Autodiff.record("softmax_cross_entropy", y, new Tensor[]{logits, labels}, g -> {
            Tensor gLogits = null, gLabels = null;
            if (logits.requiresGrad) {
                float[] d = new float[logits.size()];
                for (int r = 0; r < rows; r++) {
                    double ysum = 0;
                    for (int j = 0; j < n; j++) ysum += labels.get(r * n + j);
                    float gr = g.get(r);
                    for (int j = 0; j < n; j++) {
                        int i = r * n + j;
                        d[i] = (float) (gr * (Math.exp(logp.get(i)) * ysum - labels.get(i)));
                    }
                }
                gLogits = Tensor.of(d, logits.shape());
            }
            if (labels.requiresGrad) {
                gLabels = Ops.negate(Ops.multiply(logp, g.reshape(withLast(outShape))));
            }
            return new Tensor[]{gLogits, gLabels};
        });
    }

    /** Per-example sparse variant: {@code labels} holds class indices, shaped like the logits without the last axis. */
    public static Tensor sparseSoftmaxCrossEntropyWithLogits(Tensor logits, Tensor labels) {
        if (logits.rank() < 1) {
            throw new ShapeMismatchException("sparseSoftmaxCrossEntropyWithLogits", "logits of rank >= 1", labels.shape(), logits.shape());
        }
        int n = logits.shape().last();
        if (labels.size() * n != logits.size()) {
            throw new ShapeMismatchException("sparseSoftmaxCrossEntropyWithLogits", "one class index per row of logits", labels.shape(), logits.shape());
        }
        // The one-hot form's arithmetic without materialising the one-hot labels.
        int rows = labels.size();
        int[] cls = new int[rows];
        for (int r = 0; r < rows; r++) {
            float v = labels.get(r);
            int c = (int) v;
            if (c != v || c < 0 || c >= n) {
                throw new IllegalArgumentException("Tensor.oneHot: expected integer labels in [0, " + n + "), received " + v + " at index " + r);
            }
            cls[r] = c;
        }
        Tensor logp = softmaxValues("softmaxCrossEntropyWithLogits", logits, -1, true);
        float[] lp = logp.data();
        float[] loss = new float[rows];
        for (int r = 0; r < rows; r++) loss[r] = (float) (0.0 - lp[r * n + cls[r]]);
        Tensor y = Tensor.of(loss, Shape.of(java.util.Arrays.copyOf(logits.shape().toArray(), logits.rank() - 1)));
        return Autodiff.record("softmax_cross_entropy", y, logits, g -> {
            float[] d = new float[rows * n];
            for (int r = 0; r < rows; r++) {
                float gr = g.get(r);
                for (int j = 0; j < n; j++) {
                    int i = r * n + j;
                    d[i] = (float) (gr * (Math.exp(lp[i]) * 1.0 - (j == cls[r] ? 1f : 0f)));
                }
            }
            return new Tensor[]{Tensor.of(d, logits.shape())};
        });
    }

    private static int[] withLast(Shape s) {
        int[] d = java.util.Arrays.copyOf(s.toArray(), s.rank() + 1);
        d[s.rank()] = 1;
        return d;
    }

    /**
     * Inverted dropout: zeroes each element with probability {@code rate} (drawn from {@code rng}) and scales the
     * rest by {@code 1 / (1 - rate)}, so inference needs no rescaling.
     */
    public static Tensor dropout(Tensor x, float rate, Rng rng) {
        if (!(rate >= 0f && rate < 1f)) throw new IllegalArgumentException("dropout: expected 0 <= rate < 1, received rate=" + rate);
        if (rate == 0f) return x;
        float keep = 1f / (1f - rate);
        float[] mask = new float[x.size()];
        for (int i = 0; i < mask.length; i++) mask[i] = rng.nextDouble() >= rate ? keep : 0f;
        return Ops.multiply(x, Tensor.of(mask, x.shape()));
    }
}
