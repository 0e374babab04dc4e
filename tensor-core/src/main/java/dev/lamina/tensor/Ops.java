package dev.lamina.tensor;

import dev.lamina.tensor.kernels.Kernels;

import java.util.Arrays;
import java.util.List;

/**
 * The core op façade: elementwise arithmetic with NumPy broadcasting, elementwise math, matmul, and data
 * movement. Each op is its forward kernel and its backward closure in one place; see {@link ReduceOps} for
 * reductions, {@link NnOps} for activations and losses, and {@link ConvOps} for convolution and pooling.
 */
public final class Ops {
    private Ops() {
    }

    // ---------------------------------------------------------------- broadcasting arithmetic

    public static Tensor add(Tensor a, Tensor b) {
        Tensor y = binary("add", Elementwise.ADD, a, b);
        return Autodiff.record("add", y, new Tensor[]{a, b}, g -> new Tensor[]{g, g});
    }

    public static Tensor subtract(Tensor a, Tensor b) {
        Tensor y = binary("subtract", Elementwise.SUB, a, b);
        return Autodiff.record("subtract", y, new Tensor[]{a, b},
                g -> new Tensor[]{g, b.requiresGrad ? negate(g) : null});
    }

    public static Tensor multiply(Tensor a, Tensor b) {
        Tensor y = binary("multiply", Elementwise.MUL, a, b);
        return Autodiff.record("multiply", y, new Tensor[]{a, b}, g -> new Tensor[]{
                a.requiresGrad ? multiply(g, b) : null,
                b.requiresGrad ? multiply(g, a) : null});
    }

    public static Tensor divide(Tensor a, Tensor b) {
        Tensor y = binary("divide", Elementwise.DIV, a, b);
        return Autodiff.record("divide", y, new Tensor[]{a, b}, g -> new Tensor[]{
                a.requiresGrad ? divide(g, b) : null,
                b.requiresGrad ? negate(divide(multiply(g, y), b)) : null});
    }

    /** {@code a ** b}; the gradient for {@code b} uses {@code log(a)} and is meant for positive bases. */
    public static Tensor power(Tensor a, Tensor b) {
        Tensor y = binary("power", Elementwise.POW, a, b);
        return Autodiff.record("power", y, new Tensor[]{a, b}, g -> new Tensor[]{
                a.requiresGrad ? multiply(g, multiply(b, binary("power", Elementwise.POW, a, add(b, scalar(-1f))))) : null,
                b.requiresGrad ? multiply(g, multiply(y, log(a))) : null});
    }

    /**
     * Elementwise maximum (NaN if either is NaN); at ties the gradient goes to {@code a}, and {@code b} gets it
     * wherever {@code a >= b} fails, NaN included (TensorFlow's rule).
     */
    public static Tensor maximum(Tensor a, Tensor b) {
        Tensor y = binary("maximum", Elementwise.MAX, a, b);
        return Autodiff.record("maximum", y, new Tensor[]{a, b}, g -> selectGradients(g, binary("maximum", Elementwise.GE, a, b), a, b));
    }

    /** Elementwise minimum (NaN if either is NaN); the gradient goes to {@code a} where {@code a <= b}, else to {@code b}. */
    public static Tensor minimum(Tensor a, Tensor b) {
        Tensor y = binary("minimum", Elementwise.MIN, a, b);
        return Autodiff.record("minimum", y, new Tensor[]{a, b}, g -> selectGradients(g, binary("minimum", Elementwise.LE, a, b), a, b));
    }

    /** {@code g} where {@code toA} is 1 for {@code a}, and where it is 0 for {@code b} (a complement, so NaN lanes reach b). */
    private static Tensor[] selectGradients(Tensor g, Tensor toA, Tensor a, Tensor b) {
        return new Tensor[]{
                a.requiresGrad ? multiply(g, toA) : null,
                b.requiresGrad ? multiply(g, binary("maximum", Elementwise.SUB, scalar(1f), toA)) : null};
    }

    public static Tensor add(Tensor a, float b) {
        return add(a, scalar(b));
    }

    public static Tensor subtract(Tensor a, float b) {
        return subtract(a, scalar(b));
    }

    public static Tensor multiply(Tensor a, float b) {
        return multiply(a, scalar(b));
    }

    public static Tensor divide(Tensor a, float b) {
        return divide(a, scalar(b));
    }

    public static Tensor power(Tensor a, float b) {
        return power(a, scalar(b));
    }

    /** 1 where {@code a > b} (broadcast), else 0; records no gradient. */
    public static Tensor greater(Tensor a, Tensor b) {
        return binary("greater", Elementwise.GT, a, b);
    }

    /** 1 where {@code a >= b} (broadcast), else 0; records no gradient. */
    public static Tensor greaterEqual(Tensor a, Tensor b) {
        return binary("greaterEqual", Elementwise.GE, a, b);
    }

    /** 1 where {@code a == b} (broadcast), else 0; records no gradient. */
    public static Tensor equal(Tensor a, Tensor b) {
        return binary("equal", Elementwise.EQ, a, b);
    }

    static Tensor scalar(float v) {
        return Tensor.scalar(v);
    }

    /** {@code axis} normalised against {@code s}; the error names {@code op}. */
    static int axis(String op, Shape s, int axis) {
        int a = axis < 0 ? axis + s.rank() : axis;
        if (a < 0 || a >= s.rank()) {
            throw new IllegalArgumentException(op + ": expected an axis in [" + (-s.rank()) + ", " + s.rank() + ") for shape " + s + ", received axis " + axis);
        }
        return a;
    }

    static Tensor binary(String name, int op, Tensor a, Tensor b) {
        Shape out = Shape.broadcast(name, a.shape(), b.shape());
        float[] o = new float[out.size()];
        Elementwise.binary(op, a.data(), a.offset(), a.shape(), b.data(), b.offset(), b.shape(), o, out);
        return Tensor.of(o, out);
    }

    // ---------------------------------------------------------------- elementwise math

    public static Tensor negate(Tensor x) {
        Tensor y = unary(Unary.NEG, x);
        return Autodiff.record("negate", y, x, g -> new Tensor[]{negate(g)});
    }

    public static Tensor exp(Tensor x) {
        Tensor y = unary(Unary.EXP, x);
        return Autodiff.record("exp", y, x, g -> new Tensor[]{multiply(g, y)});
    }

    public static Tensor log(Tensor x) {
        Tensor y = unary(Unary.LOG, x);
        return Autodiff.record("log", y, x, g -> new Tensor[]{divide(g, x)});
    }

    public static Tensor sqrt(Tensor x) {
        Tensor y = unary(Unary.SQRT, x);
        return Autodiff.record("sqrt", y, x, g -> new Tensor[]{divide(multiply(g, 0.5f), y)});
    }

    public static Tensor square(Tensor x) {
        Tensor y = unary(Unary.SQUARE, x);
        return Autodiff.record("square", y, x, g -> new Tensor[]{multiply(g, multiply(x, 2f))});
    }

    /** {@code |x|}; the gradient at 0 is 0. */
    public static Tensor abs(Tensor x) {
        Tensor y = unary(Unary.ABS, x);
        return Autodiff.record("abs", y, x, g -> new Tensor[]{multiply(g, unary(Unary.SIGN, x))});
    }

    /** -1, 0 or 1; its gradient is zero. */
    public static Tensor sign(Tensor x) {
        return unary(Unary.SIGN, x);
    }

    /** {@code min(max(x, lo), hi)}; the gradient passes where {@code lo <= x <= hi}. */
    public static Tensor clip(Tensor x, float lo, float hi) {
        if (!(lo <= hi)) throw new IllegalArgumentException("clip: expected lo <= hi, received lo=" + lo + ", hi=" + hi);
        float[] o = new float[x.size()];
        float[] mask = new float[x.size()];
        for (int i = 0; i < o.length; i++) {
            float v = x.get(i);
            o[i] = v < lo ? lo : (v > hi ? hi : v);
            mask[i] = v >= lo && v <= hi ? 1f : 0f;
        }
        Tensor y = Tensor.of(o, x.shape());
        return Autodiff.record("clip", y, x, g -> new Tensor[]{multiply(g, Tensor.of(mask, x.shape()))});
    }

    /** Elementwise {@code condition != 0 ? a : b} with broadcasting over all three. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        Shape out = Shape.broadcast("where", Shape.broadcast("where", condition.shape(), a.shape()), b.shape());
        float[] o = new float[out.size()];
        Elementwise.select(condition.data(), condition.offset(), condition.shape(), a.data(), a.offset(), a.shape(),
                b.data(), b.offset(), b.shape(), o, out);
        Tensor y = Tensor.of(o, out);
        return Autodiff.record("where", y, new Tensor[]{condition, a, b}, g -> {
            Tensor zeros = Tensor.zeros(Shape.scalar());
            return new Tensor[]{null,
                    a.requiresGrad ? where(condition, g, zeros) : null,
                    b.requiresGrad ? where(condition, zeros, g) : null};
        });
    }

    static Tensor unary(int op, Tensor x) {
        float[] o = new float[x.size()];
        Unary.apply(op, x.data(), x.offset(), x.size(), o);
        return Tensor.of(o, x.shape());
    }

    // ---------------------------------------------------------------- matmul

    /**
     * Matrix product. 2-D × 2-D; N-d × 2-D (leading axes are rows, as Dense uses it); and batched N-d × N-d with
     * equal leading (batch) axes.
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        return matmul(a, b, false, false);
    }

    /** Matrix product of {@code op(a)·op(b)}, where {@code op} transposes the last two axes when asked. */
    public static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        Shape as = a.shape(), bs = b.shape();
        if (as.rank() < 2 || bs.rank() < 2) throw new ShapeMismatchException("matmul", "tensors of rank >= 2", as, bs);
        int k = transA ? as.dim(-2) : as.dim(-1);
        int kb = transB ? bs.dim(-1) : bs.dim(-2);
        int n = transB ? bs.dim(-2) : bs.dim(-1);
        if (k != kb) throw new ShapeMismatchException("matmul", "inner dimensions to agree (" + k + " vs " + kb + ")", as, bs);
        Tensor y;
        if (bs.rank() == 2 && !transA) {
            int m = as.size() / k;
            int[] od = as.toArray();
            od[od.length - 1] = n;
            Shape out = Shape.of(od);
            float[] o = new float[out.size()];
            Kernels.gemm().gemm(false, transB, m, n, k, a.data(), a.offset(), b.data(), b.offset(), o, 0, false);
            y = Tensor.of(o, out);
        } else {
            if (as.rank() != bs.rank() || !Arrays.equals(Arrays.copyOf(as.toArray(), as.rank() - 2), Arrays.copyOf(bs.toArray(), bs.rank() - 2))) {
                throw new ShapeMismatchException("matmul", "equal batch dimensions", as, bs);
            }
            int m = transA ? as.dim(-1) : as.dim(-2);
            int batch = as.sizeTo(as.rank() - 2);
            int[] od = as.toArray();
            od[od.length - 2] = m;
            od[od.length - 1] = n;
            Shape out = Shape.of(od);
            float[] o = new float[out.size()];
            int sa = m * k, sb = k * n, sc = m * n;
            for (int i = 0; i < batch; i++) {
                Kernels.gemm().gemm(transA, transB, m, n, k, a.data(), a.offset() + i * sa, b.data(), b.offset() + i * sb, o, i * sc, false);
            }
            y = Tensor.of(o, out);
        }
        return Autodiff.record("matmul", y, new Tensor[]{a, b}, g -> new Tensor[]{
                a.requiresGrad ? matmulGradA(g, a, b, transA, transB) : null,
                b.requiresGrad ? matmulGradB(g, a, b, transA, transB) : null});
    }

    private static Tensor matmulGradA(Tensor g, Tensor a, Tensor b, boolean transA, boolean transB) {
        // C = op(A)·op(B): dop(A) = G·op(B)^T; if A was transposed, dA = (G·op(B)^T)^T = op(B)·G^T.
        if (b.rank() == 2 && !transA) return matmul(g, b, false, !transB).reshape(a.shape().toArray());
        if (transA) return matmul(b, g, transB, true);
        return matmul(g, b, false, !transB);
    }

    private static Tensor matmulGradB(Tensor g, Tensor a, Tensor b, boolean transA, boolean transB) {
        // dop(B) = op(A)^T·G; if B was transposed, dB = G^T·op(A).
        if (b.rank() == 2 && !transA) {
            int k = a.shape().last();
            Tensor a2 = a.reshape(-1, k), g2 = g.reshape(-1, g.shape().last());
            return transB ? matmul(g2, a2, true, false) : matmul(a2, g2, true, false);
        }
        if (transB) return matmul(g, a, true, transA);
        return matmul(a, g, !transA, false);
    }

    // ---------------------------------------------------------------- data movement

    /** The same values in another shape (no copy); one dimension may be -1. */
    public static Tensor reshape(Tensor x, int... dims) {
        int[] d = dims.clone();
        int unknown = -1, known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1) {
                if (unknown >= 0) throw new IllegalArgumentException("reshape: expected at most one -1, received " + Arrays.toString(dims) + " for input " + x.shape());
                unknown = i;
            } else if (d[i] < 0) {
                throw new IllegalArgumentException("reshape: expected dimensions >= 0 or one -1, received " + Arrays.toString(dims) + " for input " + x.shape());
            } else {
                known *= d[i];
            }
        }
        if (unknown >= 0) {
            if (known == 0 || x.size() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape " + x.shape() + " into " + Arrays.toString(dims));
            }
            d[unknown] = x.size() / known;
        }
        Shape s = Shape.of(d);
        if (s.size() != x.size()) {
            throw new IllegalArgumentException("reshape: expected a shape with " + x.size() + " elements for input " + x.shape() + ", received " + s);
        }
        if (s.equals(x.shape())) return x;
        Tensor y = x.view(x.offset(), s);
        Shape in = x.shape();
        return Autodiff.record("reshape", y, x, g -> new Tensor[]{reshape(g, in.toArray())});
    }

    /** {@code [batch, d1, d2, ...]} to {@code [batch, d1*d2*...]}. */
    public static Tensor flatten(Tensor x) {
        if (x.rank() < 1) throw new IllegalArgumentException("flatten: expected rank >= 1, received shape " + x.shape());
        return reshape(x, x.shape().dim(0), x.shape().sizeFrom(1));
    }

    /** Rows {@code [start, end)} along the first axis; shares the array (no copy). */
    public static Tensor slice(Tensor x, int start, int end) {
        if (x.rank() < 1) throw new IllegalArgumentException("slice: expected rank >= 1, received a scalar");
        int n = x.shape().dim(0);
        if (start < 0 || end > n || start > end) {
            throw new IllegalArgumentException("slice: expected 0 <= start <= end <= " + n + ", received [" + start + ", " + end + ") for shape " + x.shape());
        }
        int row = x.shape().sizeFrom(1);
        Tensor y = x.view(x.offset() + start * row, x.shape().withDim(0, end - start));
        Shape in = x.shape();
        return Autodiff.record("slice", y, x, g -> {
            float[] o = new float[in.size()];
            System.arraycopy(g.data(), g.offset(), o, start * row, g.size());
            return new Tensor[]{Tensor.of(o, in)};
        });
    }

    /** Rows of {@code x} picked by {@code indices} along the first axis (shuffling, batching). */
    public static Tensor gather(Tensor x, int[] indices) {
        Shape in = x.shape();
        if (in.rank() < 1) throw new IllegalArgumentException("gather: expected an input of rank >= 1, received shape " + in);
        int n = in.dim(0), row = in.sizeFrom(1);
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= n) {
                throw new IllegalArgumentException("gather: expected indices in [0, " + n + ") for input shape " + in
                        + ", received " + indices[i] + " at position " + i);
            }
        }
        float[] o = new float[indices.length * row];
        for (int i = 0; i < indices.length; i++) System.arraycopy(x.data(), x.offset() + indices[i] * row, o, i * row, row);
        Tensor y = Tensor.of(o, in.withDim(0, indices.length));
        return Autodiff.record("gather", y, x, g -> {
            float[] gx = new float[in.size()];
            for (int i = 0; i < indices.length; i++) {
                int base = indices[i] * row;
                for (int j = 0; j < row; j++) gx[base + j] += g.get(i * row + j);
            }
            return new Tensor[]{Tensor.of(gx, in)};
        });
    }

    /** Transpose of a rank-2 tensor. */
    public static Tensor transpose(Tensor x) {
        if (x.rank() != 2) throw new IllegalArgumentException("transpose: expected a rank-2 tensor, received shape " + x.shape());
        return permute(x, 1, 0);
    }

    /** Reorders axes: output axis {@code i} is input axis {@code axes[i]}. */
    public static Tensor permute(Tensor x, int... axes) {
        Shape in = x.shape();
        int rank = in.rank();
        if (axes.length != rank) throw new IllegalArgumentException("permute: expected " + rank + " axes for shape " + in + ", received " + Arrays.toString(axes));
        boolean[] seen = new boolean[rank];
        int[] od = new int[rank];
        for (int i = 0; i < rank; i++) {
            int a = axis("permute", in, axes[i]);
            if (seen[a]) throw new IllegalArgumentException("permute: expected a permutation of 0.." + (rank - 1) + " for shape " + in + ", received " + Arrays.toString(axes));
            seen[a] = true;
            od[i] = in.dim(a);
        }
        Shape out = Shape.of(od);
        int[] istr = in.strides();
        int[] st = new int[rank];
        int[] inverse = new int[rank];
        for (int i = 0; i < rank; i++) {
            int a = in.axis(axes[i]);
            st[i] = istr[a];
            inverse[a] = i;
        }
        float[] o = new float[out.size()];
        int[] idx = new int[rank];
        int src = x.offset();
        float[] xd = x.data();
        for (int i = 0; i < o.length; i++) {
            o[i] = xd[src];
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                src += st[d];
                if (idx[d] < od[d]) break;
                src -= st[d] * od[d];
                idx[d] = 0;
            }
        }
        Tensor y = Tensor.of(o, out);
        return Autodiff.record("permute", y, x, g -> new Tensor[]{permute(g, inverse)});
    }

    /** Joins tensors along {@code axis}; all other dimensions must agree. */
    public static Tensor concatenate(List<Tensor> xs, int axis) {
        if (xs.isEmpty()) throw new IllegalArgumentException("concatenate: expected at least one tensor, received none");
        Shape first = xs.get(0).shape();
        int ax = axis("concatenate", first, axis);
        int total = 0;
        for (Tensor t : xs) {
            Shape s = t.shape();
            if (s.rank() != first.rank()) throw new ShapeMismatchException("concatenate", "equal ranks", first, s);
            for (int d = 0; d < s.rank(); d++) {
                if (d != ax && s.dim(d) != first.dim(d)) throw new ShapeMismatchException("concatenate", "equal dimensions off axis " + axis, first, s);
            }
            total += s.dim(ax);
        }
        Shape out = first.withDim(ax, total);
        int outer = first.sizeTo(ax), inner = first.sizeFrom(ax + 1);
        float[] o = new float[out.size()];
        int rowOut = total * inner;
        int col = 0;
        int[] widths = new int[xs.size()];
        for (int t = 0; t < xs.size(); t++) {
            Tensor x = xs.get(t);
            int w = x.shape().dim(ax) * inner;
            widths[t] = x.shape().dim(ax);
            for (int r = 0; r < outer; r++) System.arraycopy(x.data(), x.offset() + r * w, o, r * rowOut + col, w);
            col += w;
        }
        Tensor y = Tensor.of(o, out);
        Tensor[] inputs = xs.toArray(new Tensor[0]);
        return Autodiff.record("concatenate", y, inputs, g -> split(g, widths, ax).toArray(new Tensor[0]));
    }

    /** Splits along {@code axis} into pieces of the given sizes (which must add up to the axis length). */
    public static List<Tensor> split(Tensor x, int[] sizes, int axis) {
        Shape in = x.shape();
        int ax = axis("split", in, axis);
        int sum = 0;
        for (int s : sizes) sum += s;
        if (sum != in.dim(ax)) {
            throw new IllegalArgumentException("split: expected sizes adding up to " + in.dim(ax) + " (axis " + axis + " of " + in + "), received " + Arrays.toString(sizes));
        }
        int outer = in.sizeTo(ax), inner = in.sizeFrom(ax + 1), rowIn = in.dim(ax) * inner;
        Tensor[] parts = new Tensor[sizes.length];
        int col = 0;
        for (int p = 0; p < sizes.length; p++) {
            int w = sizes[p] * inner;
            float[] o = new float[outer * w];
            for (int r = 0; r < outer; r++) System.arraycopy(x.data(), x.offset() + r * rowIn + col, o, r * w, w);
            parts[p] = Tensor.of(o, in.withDim(ax, sizes[p]));
            col += w;
        }
        if (x.requiresGrad && !NoGrad.active()) {
            // Each piece's backward pads its gradient with zeros back into x's shape.
            int offset = 0;
            for (int p = 0; p < sizes.length; p++) {
                int start = offset, size = sizes[p];
                Autodiff.record("split", parts[p], x, g -> new Tensor[]{padAlong(g, in, ax, start, size)});
                offset += size;
            }
        }
        return Arrays.asList(parts);
    }

    private static Tensor padAlong(Tensor g, Shape full, int ax, int start, int size) {
        int outer = full.sizeTo(ax), inner = full.sizeFrom(ax + 1), rowFull = full.dim(ax) * inner, w = size * inner;
        float[] o = new float[full.size()];
        for (int r = 0; r < outer; r++) System.arraycopy(g.data(), g.offset() + r * w, o, r * rowFull + start * inner, w);
        return Tensor.of(o, full);
    }

    /** Stacks equal-shaped tensors along a new axis. */
    public static Tensor stack(List<Tensor> xs, int axis) {
        if (xs.isEmpty()) throw new IllegalArgumentException("stack: expected at least one tensor, received none");
        Shape s = xs.get(0).shape();
        int ax = axis < 0 ? axis + s.rank() + 1 : axis;
        if (ax < 0 || ax > s.rank()) throw new IllegalArgumentException("stack: axis " + axis + " is out of range for rank " + s.rank());
        int[] d = new int[s.rank() + 1];
        for (int i = 0, j = 0; i < d.length; i++) d[i] = i == ax ? 1 : s.dim(j++);
        Tensor[] expanded = new Tensor[xs.size()];
        for (int i = 0; i < expanded.length; i++) {
            if (!xs.get(i).shape().equals(s)) throw new ShapeMismatchException("stack", "equal shapes", s, xs.get(i).shape());
            expanded[i] = reshape(xs.get(i), d);
        }
        return concatenate(Arrays.asList(expanded), ax);
    }

    /** Broadcasts {@code x} to {@code shape} (materialised). */
    public static Tensor broadcastTo(Tensor x, Shape shape) {
        Shape out = Shape.broadcast("broadcastTo", x.shape(), shape);
        if (!out.equals(shape)) throw new ShapeMismatchException("broadcastTo", "a shape that broadcasts to the target", x.shape(), shape);
        return add(x, Tensor.zeros(shape));
    }
    /** Sums {@code x} down to {@code shape}, undoing a NumPy broadcast (how gradients reach broadcast inputs). */
    public static Tensor sumTo(Tensor x, Shape shape) {
        Shape s = x.shape();
        if (s.equals(shape)) return x;
        int lead = s.rank() - shape.rank();
        if (lead < 0) throw new ShapeMismatchException("sumTo", "a target of lower or equal rank", s, shape);
        boolean[] r = new boolean[s.rank()];
        for (int d = 0; d < s.rank(); d++) {
            if (d < lead) r[d] = true;
            else if (shape.dim(d - lead) == 1 && s.dim(d) != 1) r[d] = true;
            else if (shape.dim(d - lead) != s.dim(d)) throw new ShapeMismatchException("sumTo", "a shape that broadcasts to the source", shape, s);
        }
        float[] o = new float[shape.size()];
        Reduce.reduce(Reduce.SUM, x.data(), x.offset(), s, r, o);
        Tensor y = Tensor.of(o, shape);
        return Autodiff.record("sumTo", y, x, g -> new Tensor[]{broadcastTo(g, s)});
    }
}
