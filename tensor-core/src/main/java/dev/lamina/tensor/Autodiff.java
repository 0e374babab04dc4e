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
        return sweep("gradients", loss, variables, null);
    }

    /**
     * {@link #gradients}, written into the caller's arrays: {@code into[i]} (exactly {@code variables.get(i).size()}
     * long) receives the gradient of variable {@code i}, and the returned tensors wrap those arrays. Ops with a
     * {@link BackwardIntoFn} (dense, convolution) write there directly, so a training step that keeps its arrays
     * allocates no gradient as large as the weights. Values equal {@link #gradients}' (up to the order in which a
     * variable used several times has its contributions added).
     */
    public static List<Tensor> gradientsInto(Tensor loss, List<Variable> variables, float[][] into) {
        if (into == null || into.length != variables.size()) {
            throw new IllegalArgumentException("Autodiff.gradientsInto: expected one array per variable (" + variables.size()
                    + "), received " + (into == null ? "null" : into.length));
        }
        for (int i = 0; i < into.length; i++) {
            if (into[i] == null || into[i].length != variables.get(i).size()) {
                throw new IllegalArgumentException("Autodiff.gradientsInto: expected an array of " + variables.get(i).size()
                        + " floats for variable '" + variables.get(i).name() + "', received " + (into[i] == null ? "null" : into[i].length));
            }
        }
        return sweep("gradientsInto", loss, variables, into);
    }

    private static List<Tensor> sweep(String op, Tensor loss, List<Variable> variables, float[][] into) {
        if (loss.size() != 1) {
            throw new IllegalArgumentException("Autodiff." + op + ": expected a scalar loss (one element), received shape " + loss.shape());
        }
        Map<Tensor, Integer> wanted = new IdentityHashMap<>();
        for (int i = 0; i < variables.size(); i++) wanted.putIfAbsent(variables.get(i).value(), i);
        boolean[] written = into == null ? null : new boolean[variables.size()];

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
                float[][] dest = into == null ? null : destinations(node, wanted, into);
                Tensor[] inGrads;
                if (dest == null) {
                    inGrads = node.backward.apply(g);
                } else {
                    boolean[] add = new boolean[dest.length];
                    for (int k = 0; k < dest.length; k++) {
                        if (dest[k] == null) continue;
                        int vi = wanted.get(node.inputs[k]);
                        add[k] = written[vi];
                        written[vi] = true;
                    }
                    inGrads = ((BackwardIntoFn) node.backward).apply(g, dest, add);
                }
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
        for (int i = 0; i < variables.size(); i++) {
            Variable v = variables.get(i);
            Tensor g = grads.get(v.value());
            if (into == null) {
                out.add(g == null ? Tensor.zeros(v.shape()) : g);
                continue;
            }
            float[] d = into[i];
            int first = wanted.get(v.value());
            if (first != i) {                          // the same variable listed twice: the same gradient
                System.arraycopy(into[first], 0, d, 0, d.length);
            } else if (g != null && written[i]) {      // contributions from ops without a BackwardIntoFn
                for (int j = 0; j < d.length; j++) d[j] += g.get(j);
            } else if (g != null) {
                System.arraycopy(g.data(), g.offset(), d, 0, d.length);
            } else if (!written[i]) {
                java.util.Arrays.fill(d, 0f);
            }
            out.add(Tensor.of(d, v.shape()));
        }
        return out;
    }

    /**
     * For a node whose backward can write into arrays: {@code into[variable]} for each input that is a wanted
     * variable's leaf (each variable at most once per node); null when there is none or the backward cannot.
     */
    private static float[][] destinations(Node node, Map<Tensor, Integer> wanted, float[][] into) {
        if (!(node.backward instanceof BackwardIntoFn)) return null;
        float[][] dest = null;
        for (int k = 0; k < node.inputs.length; k++) {
            Tensor in = node.inputs[k];
            if (in == null || in.node != null || !in.requiresGrad) continue;
            Integer vi = wanted.get(in);
            if (vi == null) continue;
            boolean repeated = false;
            for (int j = 0; j < k; j++) repeated |= node.inputs[j] == in;
            if (repeated) continue;                    // x·x: the second use goes through the normal path
            if (dest == null) dest = new float[node.inputs.length][];
            dest[k] = into[vi];
        }
        return dest;
    }

    /** Post-order of the graph behind {@code root}, keeping only tensors from which a wanted leaf is reachable. */
    private static List<Tensor> topologicalOrder(Tensor root, Map<Tensor, ?> wanted) {
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
