package dev.lamina.optimizers;

import dev.lamina.tensor.ShapeMismatchException;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;

import java.util.List;

/** Argument checks with messages of the form "Adam: expected beta_1 in [0, 1), received beta_1=1.5". */
final class Checks {
    private Checks() {
    }

    static double nonNegative(String owner, String arg, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw fail(owner, arg, ">= 0", v);
        return v;
    }

    static Double nonNegativeOrNull(String owner, String arg, Double v) {
        if (v != null) nonNegative(owner, arg, v);
        return v;
    }

    /** [0, 1) — for the betas: 1 would divide by zero in the bias correction. */
    static double unitHalfOpen(String owner, String arg, double v) {
        if (!(v >= 0 && v < 1)) throw fail(owner, arg, "in [0, 1)", v);
        return v;
    }

    static double unitClosed(String owner, String arg, double v) {
        if (!(v >= 0 && v <= 1)) throw fail(owner, arg, "in [0, 1]", v);
        return v;
    }

    static IllegalArgumentException fail(String owner, String arg, String expected, Object v) {
        return new IllegalArgumentException(owner + ": expected " + arg + " " + expected + ", received " + arg + "=" + v);
    }

    /** Keras allows one clipping option at a time. */
    static void clip(String owner, String arg, Double v, boolean otherSet, Double clipnorm, Double clipvalue, Double globalClipnorm) {
        nonNegativeOrNull(owner, arg, v);
        if (v != null && otherSet) {
            throw new IllegalArgumentException(owner + ": expected only one of clipnorm, clipvalue and global_clipnorm to be set, received "
                    + "clipnorm=" + (arg.equals("clipnorm") ? v : clipnorm)
                    + ", clipvalue=" + (arg.equals("clipvalue") ? v : clipvalue)
                    + ", global_clipnorm=" + (arg.equals("global_clipnorm") ? v : globalClipnorm));
        }
    }

    /**
     * Validates an apply() call and counts the gradients to apply: -1 when no variable is trainable (a no-op, like
     * Keras with no trainable weights); an error when every trainable variable's gradient is null.
     */
    static int countGradients(Optimizer o, List<Tensor> grads, List<Variable> vars) {
        if (grads.size() != vars.size()) {
            throw new IllegalArgumentException(o.className() + ".apply: expected one gradient per variable, received "
                    + grads.size() + " gradients for " + vars.size() + " variables");
        }
        int n = 0;
        boolean anyTrainable = false;
        for (int i = 0; i < vars.size(); i++) {
            Variable v = vars.get(i);
            if (v == null) throw new IllegalArgumentException(o.className() + ".apply: expected variables, received null at index " + i);
            if (!v.trainable()) continue;
            anyTrainable = true;
            Tensor g = grads.get(i);
            if (g == null) continue;
            if (!g.shape().equals(v.shape())) {
                throw new ShapeMismatchException(o.className() + ".apply", "the gradient of '" + v.name() + "' to have its variable's shape",
                        v.shape(), g.shape());
            }
            n++;
        }
        if (!anyTrainable) return -1;
        if (n == 0) {
            throw new IllegalArgumentException(o.className() + ".apply: expected a gradient for at least one trainable variable, received none (all null)");
        }
        return n;
    }
}
