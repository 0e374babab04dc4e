package dev.lamina.losses;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.ShapeMismatchException;
import dev.lamina.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Keras loss: a per-sample function ({@link #perSample}, the last axis reduced) wrapped with sample weighting and
 * a {@link Reduction}. Everything goes through {@code Ops}/{@code ReduceOps}/{@code NnOps}, so {@link #call} is
 * differentiable with respect to {@code yPred}.
 *
 * <p>Subclasses implement {@link #perSample} (usually after {@link #align}) and, when they have options, extend
 * {@link #getConfig}.
 */
public abstract class Loss {
    private String name;
    private Reduction reduction = Reduction.SUM_OVER_BATCH_SIZE;

    protected Loss(String name) {
        this.name = checkName(name);
    }

    /** The loss name (Keras' default names, e.g. {@code "mean_squared_error"}). */
    public String name() {
        return name;
    }

    public Loss name(String name) {
        this.name = checkName(name);
        return this;
    }

    public Reduction reduction() {
        return reduction;
    }

    public Loss reduction(Reduction reduction) {
        if (reduction == null) throw new IllegalArgumentException(className() + ": expected a reduction, received null");
        this.reduction = reduction;
        return this;
    }

    public Tensor call(Tensor yTrue, Tensor yPred) {
        return call(yTrue, yPred, null);
    }

    /**
     * The reduced loss: per-sample values, multiplied by {@code sampleWeight} (may be null) after the tf.keras 2.x
     * rank adjustment (a weight one rank short gets trailing axes, one rank too many with a trailing 1 is
     * squeezed, then it broadcasts), then reduced: {@code sum}, {@code sum / count} for {@code sum_over_batch_size}
     * (count = elements of the weighted values, or the valid ones under a mask), or unreduced for {@code none}.
     */
    public Tensor call(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        return call(yTrue, yPred, sampleWeight, null);
    }

    /**
     * The reduced loss of a masked output (Keras 3's {@code reduce_weighted_values} with the mask of {@code y_pred}):
     * {@code mask} (0/1, may be null) has the per-sample values' shape ({@code [batch, time]} for a sequence output
     * {@code [batch, time, classes]}; a trailing 1 is squeezed) and masked entries do not count, so
     * {@code sum_over_batch_size} divides the weighted sum by the number of unmasked entries (Keras' {@code apply_mask}
     * rescaling by {@code total / valid}); a batch with every entry masked costs 0. The mask is combined with the
     * loss' own mask ({@code ignore_class}) as Keras combines them (both must hold).
     */
    public Tensor call(Tensor yTrue, Tensor yPred, Tensor sampleWeight, Tensor outputMask) {
        requireInput("y_true", yTrue);
        requireInput("y_pred", yPred);
        Tensor values = perSample(yTrue, yPred);
        Tensor mask = combine(validMask(yTrue, yPred), outputMask == null ? null : alignMask(outputMask, values.shape()));
        Tensor weighted = values;
        if (sampleWeight != null) weighted = Ops.multiply(values, alignWeights(sampleWeight, values.shape()));
        if (mask != null) weighted = Ops.multiply(weighted, mask);
        switch (reduction) {
            case NONE:
                return weighted;
            case SUM:
                return ReduceOps.sum(weighted);
            default:
                // The element count of the weighted values: a scalar per-sample loss times [batch] weights counts batch.
                int n = mask == null ? weighted.size() : countNonZero(mask);
                Tensor total = ReduceOps.sum(weighted);
                // Keras' divide_no_nan: an empty batch (or every entry ignored) costs 0.
                return n == 0 ? Ops.multiply(total, 0f) : Ops.divide(total, Tensor.scalar(n));
        }
    }

    /**
     * Checks a whole target array once, before any training step, against the output it trains ({@code yPredShape},
     * its batch dimension {@link Shape#UNKNOWN} or any size): the fit loop calls this so bad targets fail before the
     * first update, with the index in the caller's array. The default runs {@link #perSample} on the first row against
     * a uniform prediction (a valid probability row, so no loss objects to its values), which catches shape
     * mismatches; losses with a value contract (class indices) extend it.
     */
    public void checkTargets(Tensor yTrue, Shape yPredShape) {
        requireInput("y_true", yTrue);
        if (yTrue.rank() == 0 || yTrue.shape().dim(0) == 0 || yPredShape.rank() == 0) return;
        int[] row = yPredShape.toArray();
        row[0] = 1;
        for (int d : row) if (d < 0) return;   // an output of unknown size: the first batch checks it
        float[] uniform = new float[Shape.of(row).size()];
        Arrays.fill(uniform, 1f / Math.max(1, row[row.length - 1]));
        perSample(Ops.slice(yTrue, 0, 1).detach(), Tensor.of(uniform, row));
    }

    /** Per-sample values, the last axis reduced (shape = batch dims), before weighting; differentiable. */
    public abstract Tensor perSample(Tensor yTrue, Tensor yPred);

    /**
     * 1 where a per-sample value counts and 0 where it is ignored (Keras' loss mask, e.g. {@code ignore_class}),
     * or null when everything counts; {@code sum_over_batch_size} then divides by the number of valid entries.
     */
    protected Tensor validMask(Tensor yTrue, Tensor yPred) {
        return null;
    }

    /** Keras config keys: {@code name}, {@code reduction} and the subclass' own options. */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("reduction", reduction.kerasName());
        return c;
    }

    /** The Keras class name used in messages and serialization ({@code MeanSquaredError}). */
    protected String className() {
        return getClass().getSimpleName();
    }

    /**
     * Keras 3's {@code squeeze_or_expand_to_same_rank}: when the ranks differ by one and the larger has a trailing
     * 1, a rank-1 partner is expanded ({@code (B,)} vs {@code (B, 1)} gives {@code (B, 1)}), otherwise the trailing 1
     * is squeezed. The shapes must then be equal ({@link ShapeMismatchException} naming this loss).
     */
    protected final Tensor[] align(Tensor yTrue, Tensor yPred) {
        Tensor[] p = LossSupport.sameRank(yTrue, yPred);
        if (!p[0].shape().equals(p[1].shape())) {
            throw new ShapeMismatchException(className(), "y_true and y_pred of the same shape", yTrue.shape(), yPred.shape());
        }
        if (p[1].rank() == 0) {
            throw new IllegalArgumentException(className() + ": expected y_true and y_pred of rank >= 1, received scalars");
        }
        return p;
    }

    private Tensor alignWeights(Tensor w, Shape target) {
        if (target.rank() == 0) return w;   // Keras 3 broadcasts a scalar per-sample loss against the weights
        Tensor a = w;
        if (a.rank() == target.rank() + 1 && a.shape().last() == 1) a = a.reshape(LossSupport.dropLast(a.shape()));
        if (a.rank() > target.rank()) {
            throw new ShapeMismatchException(className(), "a sample_weight that broadcasts to the per-sample loss", w.shape(), target);
        }
        if (a.rank() > 0 && a.rank() < target.rank()) {
            int[] d = new int[target.rank()];
            Arrays.fill(d, 1);
            System.arraycopy(a.shape().toArray(), 0, d, 0, a.rank());
            a = a.reshape(d);
        }
        Shape b;
        try {
            b = Shape.broadcast(className(), target, a.shape());
        } catch (ShapeMismatchException e) {
            b = null;
        }
        if (!target.equals(b)) {
            throw new ShapeMismatchException(className(), "a sample_weight that broadcasts to the per-sample loss", w.shape(), target);
        }
        return a;
    }

    /** The output mask as 0/1 of exactly the per-sample values' shape (a trailing 1 squeezed). */
    private Tensor alignMask(Tensor m, Shape target) {
        Tensor a = m.detach();
        if (a.rank() == target.rank() + 1 && a.shape().last() == 1) a = a.reshape(LossSupport.dropLast(a.shape()));
        if (!a.shape().equals(target)) {
            throw new ShapeMismatchException(className(), "a mask of the per-sample loss' shape " + target, m.shape(), target);
        }
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i) != 0f ? 1f : 0f;
        return Tensor.of(v, target);
    }

    private static Tensor combine(Tensor a, Tensor b) {
        if (a == null) return b;
        if (b == null) return a;
        return Ops.multiply(a.detach(), b);
    }

    private static int countNonZero(Tensor t) {
        int n = 0;
        for (int i = 0; i < t.size(); i++) if (t.get(i) != 0f) n++;
        return n;
    }

    private void requireInput(String what, Tensor t) {
        if (t == null) throw new IllegalArgumentException(className() + ": expected a " + what + " tensor, received null");
    }

    private String checkName(String n) {
        if (n == null || n.isEmpty()) throw new IllegalArgumentException(getClass().getSimpleName() + ": expected a non-empty name, received " + (n == null ? "null" : "''"));
        return n;
    }

    @Override
    public String toString() {
        return className() + getConfig();
    }
}
