package dev.lamina.layers;

import dev.lamina.models.LayerRegistry;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keras' {@code Bidirectional(layer, merge_mode="concat", backward_layer=None)}: runs a copy of a recurrent layer
 * forwards ({@code forward_<name>}) and one backwards ({@code backward_<name>}, go_backwards), both recreated from
 * the layer's config as Keras does, and merges their outputs: concat (last axis), sum, mul, ave, or none (two
 * outputs). With return_sequences the backward output is flipped back to input time order, and both copies emit
 * zeros at masked steps (Keras forces zero_output_for_mask = return_sequences). With return_state the states follow
 * the output: forward then backward, each in the layer's order; an initial_state gives the first half to the
 * forward copy and the second to the backward one. The weights are the forward copy's, then the backward copy's.
 */
public final class Bidirectional extends Layer {
    private static final Set<String> MODES = Set.of("concat", "sum", "mul", "ave");
    private final BaseRnn<?> forwardLayer;
    private final BaseRnn<?> backwardLayer;
    private final String mergeMode;          // null: the two outputs unmerged

    public Bidirectional(BaseRnn<?> layer) {
        this(layer, "concat", null);
    }

    public Bidirectional(BaseRnn<?> layer, String mergeMode) {
        this(layer, mergeMode, null);
    }

    /** {@code mergeMode} one of concat, sum, mul, ave, or null for none; {@code backwardLayer} may be null. */
    public Bidirectional(BaseRnn<?> layer, String mergeMode, BaseRnn<?> backwardLayer) {
        super("bidirectional");
        if (layer == null) throw new IllegalArgumentException("Bidirectional: expected a recurrent layer (SimpleRNN, LSTM, GRU), received null");
        if (mergeMode != null && !MODES.contains(mergeMode)) {
            throw new IllegalArgumentException("Bidirectional: expected merge_mode one of [ave, concat, mul, sum] or null (none), received '" + mergeMode + "'");
        }
        this.mergeMode = mergeMode;
        forwardLayer = copy(layer, "forward_" + removePrefix(layer.name(), "forward_"), layer.goBackwards);
        this.backwardLayer = backwardLayer != null ? backwardLayer : copy(layer, "backward_" + removePrefix(layer.name(), "backward_"), true);
        if (forwardLayer.goBackwards == this.backwardLayer.goBackwards) {
            throw new IllegalArgumentException("Bidirectional: expected the forward and backward layers to have different go_backwards, received "
                    + forwardLayer.goBackwards + " for both");
        }
        for (String a : List.of("return_sequences", "return_state")) {
            Object f = forwardLayer.getConfig().get(a), b = this.backwardLayer.getConfig().get(a);
            if (!f.equals(b)) {
                throw new IllegalArgumentException("Bidirectional: expected the forward and backward layers to have the same " + a
                        + ", received " + f + " for the forward layer and " + b + " for the backward layer");
            }
        }
        forwardLayer.zeroOutputForMask(forwardLayer.returnSequences);
        this.backwardLayer.zeroOutputForMask(this.backwardLayer.returnSequences);
    }

    private static BaseRnn<?> copy(BaseRnn<?> layer, String name, boolean goBackwards) {
        Map<String, Object> c = new LinkedHashMap<>(layer.getConfig());
        c.put("name", name);
        c.put("go_backwards", goBackwards);
        Layer l = LayerRegistry.create(layer.className(), c);
        if (!(l instanceof BaseRnn)) throw new IllegalArgumentException("Bidirectional: expected a recurrent layer, received " + l);
        return (BaseRnn<?>) l;
    }

    private static String removePrefix(String s, String prefix) {
        return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
    }

    @Override
    public Bidirectional name(String n) {
        super.name(n);
        return this;
    }

    public BaseRnn<?> forwardLayer() {
        return forwardLayer;
    }

    public BaseRnn<?> backwardLayer() {
        return backwardLayer;
    }

    /** The merge mode, or null for none. */
    public String mergeMode() {
        return mergeMode;
    }

    private List<Shape> half(List<Shape> shapes, boolean second) {
        List<Shape> out = new ArrayList<>();
        out.add(shapes.get(0));
        int n = (shapes.size() - 1) / 2;
        out.addAll(shapes.subList(second ? 1 + n : 1, second ? shapes.size() : 1 + n));
        return out;
    }

    private <T> List<T> halfOf(List<T> xs, boolean second) {
        List<T> out = new ArrayList<>();
        out.add(xs.get(0));
        int n = (xs.size() - 1) / 2;
        out.addAll(xs.subList(second ? 1 + n : 1, second ? xs.size() : 1 + n));
        return out;
    }

    private void checkStateCount(int received) {
        int per = forwardLayer.stateCount;
        if (received != 0 && received != 2 * per) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected initial_state of 0 or " + 2 * per
                    + " tensors (the forward layer's states, then the backward layer's), received " + received);
        }
    }

    @Override
    protected void build(List<Shape> inputShapes) {
        checkStateCount(inputShapes.size() - 1);
        buildSublayer(forwardLayer, half(inputShapes, false));
        buildSublayer(backwardLayer, half(inputShapes, true));
    }

    @Override
    protected void checkInputs(List<Shape> received) {
        checkStateCount(received.size() - 1);
        forwardLayer.checkInputs(half(received, false));
        backwardLayer.checkInputs(half(received, true));
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    protected void checkMask(int input, Shape inputShape, Shape maskShape) {
        forwardLayer.checkMask(input, inputShape, maskShape);
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        List<Shape> f = forwardLayer.computeOutputShapes(half(in, false));
        List<Shape> out = new ArrayList<>();
        Shape y = f.get(0);
        if ("concat".equals(mergeMode)) out.add(y.withDim(y.rank() - 1, 2 * y.last()));
        else if (mergeMode == null) out.addAll(List.of(y, y));
        else out.add(y);
        List<Shape> states = f.subList(1, f.size());
        out.addAll(states);
        out.addAll(states);
        return out;
    }

    @Override
    protected List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        return callMasked(inputs, Collections.nCopies(inputs.size(), null), training).values();
    }

    @Override
    protected MaskedTensors callMasked(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        MaskedTensors y = forwardLayer.forwardMasked(halfOf(inputs, false), halfOf(masks, false), training);
        MaskedTensors yr = backwardLayer.forwardMasked(halfOf(inputs, true), halfOf(masks, true), training);
        Tensor a = y.values().get(0);
        Tensor b = yr.values().get(0);
        boolean sequences = forwardLayer.returnSequences;
        if (sequences) b = flipTime(b);
        List<Tensor> outs = new ArrayList<>();
        if (mergeMode == null) {
            outs.add(a);
            outs.add(b);
        } else {
            switch (mergeMode) {
                case "concat" -> outs.add(Ops.concatenate(List.of(a, b), a.rank() - 1));
                case "sum" -> outs.add(Ops.add(a, b));
                case "mul" -> outs.add(Ops.multiply(a, b));
                default -> outs.add(Ops.multiply(Ops.add(a, b), 0.5f));
            }
        }
        int merged = outs.size();
        outs.addAll(y.values().subList(1, y.values().size()));
        outs.addAll(yr.values().subList(1, yr.values().size()));
        List<Tensor> outMasks = new ArrayList<>(Collections.nCopies(outs.size(), (Tensor) null));
        for (int k = 0; k < merged; k++) outMasks.set(k, sequences ? masks.get(0) : null);
        return new MaskedTensors(outs, outMasks);
    }

    /** Keras' {@code reset_states()} of both copies (stateful layers only). */
    public void resetStates() {
        forwardLayer.resetStates();
        backwardLayer.resetStates();
    }

    /** {@code [batch, time, units]} reversed along time. */
    private static Tensor flipTime(Tensor x) {
        int t = x.shape().dim(1);
        int[] reversed = new int[t];
        for (int i = 0; i < t; i++) reversed[i] = t - 1 - i;
        return Ops.permute(Ops.gather(Ops.permute(x, 1, 0, 2), reversed), 1, 0, 2);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("merge_mode", mergeMode);
        c.put("layer", Wrappers.serialize(forwardLayer));
        c.put("backward_layer", Wrappers.serialize(backwardLayer));
        return c;
    }

    /** Rebuilds a Bidirectional from {@link #getConfig()} (or a Keras 3 config): the wrapped layers by class name. */
    public static Bidirectional fromConfig(Map<String, Object> c) {
        ConfigReader r = LayerConfigs.reader("Bidirectional", c);
        Layer layer = Wrappers.deserialize(r, "layer");
        Layer backward = r.raw("backward_layer", null) == null ? null : Wrappers.deserialize(r, "backward_layer");
        if (!(layer instanceof BaseRnn) || (backward != null && !(backward instanceof BaseRnn))) {
            throw new IllegalArgumentException("Bidirectional.fromConfig: expected recurrent layers (SimpleRNN, LSTM, GRU), received "
                    + layer + (backward == null ? "" : " and " + backward));
        }
        String mode = r.has("merge_mode") ? r.getString("merge_mode", null) : "concat";
        return LayerConfigs.restoreBase(new Bidirectional((BaseRnn<?>) layer, mode, (BaseRnn<?>) backward), r);
    }
}
