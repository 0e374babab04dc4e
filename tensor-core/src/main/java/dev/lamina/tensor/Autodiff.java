package dev.lamina.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reverse-mode automatic differentiation. Ops call {@link #record} to attach their backward closure to their
 * output; {@link #gradients} sweeps the recorded graph backwards from a scalar.
 *
 * <p>Contract of {@link #gradients}: the loss must have exactly one element (else
 * {@link IllegalArgumentException}); a variable the loss does not depend on (or a frozen one) gets a zero
 * gradient of its own shape; the traversal is iterative (no recursion, so chains of any length work), pruned to
 * the nodes that reach a requested variable, and runs under {@link NoGrad}; afterwards the graph behind the loss
 * is released, so a second call on the same loss sees only constants.
 */
public final class Autodiff {
    private Autodiff() {
    }

    /**
     * Attaches {@code backward} to {@code output} when recording is on and some input requires a gradient;
     * returns {@code output}.
     */
    public static Tensor record(String op, Tensor output, Tensor[] inputs, BackwardFn backward) {
        if (NoGrad.active()) return output;
        for (Tensor in : inputs) {
            if (in != null && in.requiresGrad) {
                output.requiresGrad = true;
                output.node = new Node(op, inputs, backward);
                return output;
            }
        }
        return output;
    }

    public static Tensor record(String op, Tensor output, Tensor input, BackwardFn backward) {
        return record(op, output, new Tensor[]{input}, backward);
    }

    /** Gradients of the scalar {@code loss} with respect to each variable, in the order given. */
    public static List<Tensor> gradients(Tensor loss, List<Variable> variables) {
        if (loss.size() != 1) {
            throw new IllegalArgumentException("Autodiff.gradients: expected a scalar loss (one element), received shape " + loss.shape());
        }
        Map<Tensor, Boolean> wanted = new IdentityHashMap<>();
        for (Variable v : variables) wanted.put(v.value(), Boolean.TRUE);

        List<Tensor> order = topologicalOrder(loss, wanted);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        try (NoGrad ignored = NoGrad.enter()) {
            grads.put(loss, Tensor.full(loss.shape(), 1f));
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = grads.remove(t);
                if (g == null || t.node == null) {
                    if (g != null) grads.put(t, g);   // a leaf: keep its gradient
                    continue;
                }
                Node node = t.node;
                Tensor[] inGrads = node.backward.apply(g);
                for (int k = 0; k < node.inputs.length; k++) {
                    Tensor in = node.inputs[k];
                    if (in == null || !in.requiresGrad || inGrads[k] == null) continue;
                    Tensor gi = Ops.sumTo(inGrads[k], in.shape());
                    Tensor prev = grads.get(in);
                    grads.put(in, prev == null ? gi : Ops.add(prev, gi));
                }
            }
        } finally {
            for (Tensor t : order) {
                if (t.node != null) {
                    t.node.release();
                    t.node = null;
                }
            }
        }
        List<Tensor> out = new ArrayList<>(variables.size());
        for (Variable v : variables) {
            Tensor g = grads.get(v.value());
            out.add(g == null ? Tensor.zeros(v.shape()) : g);
        }
        return out;
    }

    /** Post-order of the graph behind {@code root}, keeping only tensors from which a wanted leaf is reachable. */
    private static List<Tensor> topologicalOrder(Tensor root, Map<Tensor, Boolean> wanted) {
        Map<Tensor, Boolean> reaches = new IdentityHashMap<>();   // visited -> reaches a wanted leaf
        List<Tensor> order = new ArrayList<>();
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        if (!root.requiresGrad) return order;
        stack.push(root);
        next.push(0);
        reaches.put(root, Boolean.FALSE);
        while (!stack.isEmpty()) {
            Tensor t = stack.peek();
            int i = next.pop();
            Tensor[] inputs = t.node == null ? null : t.node.inputs;
            if (inputs != null && i < inputs.length) {
                next.push(i + 1);
                Tensor in = inputs[i];
                if (in != null && in.requiresGrad && !reaches.containsKey(in)) {
                    reaches.put(in, Boolean.FALSE);
                    stack.push(in);
                    next.push(0);
                }
                continue;
            }
            stack.pop();
            boolean r = wanted.containsKey(t);
            if (inputs != null) {
                for (Tensor in : inputs) {
                    if (in != null && reaches.get(in) == Boolean.TRUE) {
                        r = true;
                        break;
                    }
                }
            }
            if (r) {
                reaches.put(t, Boolean.TRUE);
                order.add(t);
            }
        }
        return order;
    }
}
