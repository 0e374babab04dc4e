package dev.lamina.serving;

import dev.lamina.models.Model;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inference on a built model, for serving: made by {@link #of} (Kotlin: {@code model.predictor()}), safe to call from
 * any number of threads at once, with no dataset, batching or structure machinery between the caller and the
 * kernels.
 *
 * <ul>
 * <li><b>A snapshot.</b> The predictor holds its own copy of every weight, taken when it is made: later changes to
 * the model (training, {@code setWeights}, {@code loadWeights}) do not reach it; make a new predictor to see them.
 * (A user layer class that is not registered with {@code LayerRegistry} cannot be copied and runs on the model's
 * own weights.)</li>
 * <li><b>No gradients</b> are recorded, and inference-mode layers are simplified: Dropout, SpatialDropout and
 * GaussianNoise are removed, Flatten and Reshape cost nothing, and a BatchNormalization (over the last axis) whose
 * input is a Dense or Conv2D without activation, used by nothing else, is folded into that layer's weights. Folded
 * results agree with {@code model.predict} to float rounding (within 1e-5 of the output's largest magnitude in
 * this library's tests), all others bit for bit at the same batch size.</li>
 * <li><b>Per-thread buffers.</b> Each calling thread keeps its own buffers for Dense, Conv2D, pooling and relu
 * layers between calls, so a steady-state call at one batch size allocates almost nothing with the array and
 * buffer forms; one sample through a Dense layer is a matrix-vector product reading the weights in place. Other
 * layers run their normal forward on the predictor's copy and allocate as they do.</li>
 * <li><b>Inputs and outputs</b> as {@code float[]} (row-major samples, one after another; the batch is the length
 * over the sample size), {@link FloatBuffer} (from its position to its limit; positions are not moved) or
 * {@link Tensor}; several inputs and outputs by position or by name. Wrong lengths, shapes or names are an
 * {@code IllegalArgumentException} naming the input or output.</li>
 * </ul>
 */
public final class Predictor {
    private final String model;
    private final PredictorPlan plan;
    private final Shape[] shapes;
    private final int[] sizes;
    private final List<String> inputNames;
    private final List<String> outputNames;
    private final ThreadLocal<Frame> frames;

    private Predictor(Model m) {
        try {
            m.inputs();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("predictor(): " + e.getMessage() + " (a predictor is made from a built model)", e);
        }
        model = m.name();
        plan = new PredictorPlan(m);
        shapes = plan.shapes.toArray(new Shape[0]);
        sizes = new int[shapes.length];
        for (int v = 0; v < shapes.length; v++) sizes[v] = shapes[v].size();
        inputNames = List.copyOf(m.inputNames());
        outputNames = List.copyOf(m.outputNames());
        int values = shapes.length;
        frames = ThreadLocal.withInitial(() -> new Frame(values));
    }

    /** A predictor for a built model; see the class comment. */
    public static Predictor of(Model model) {
        return new Predictor(model);
    }

    public List<String> inputNames() {
        return inputNames;
    }

    public List<String> outputNames() {
        return outputNames;
    }

    /** Input {@code i}'s sample shape (without the batch dimension). */
    public Shape inputShape(int i) {
        return shapes[plan.inputs[i]];
    }

    /** Output {@code i}'s sample shape (without the batch dimension). */
    public Shape outputShape(int i) {
        return shapes[plan.outputs[i]];
    }

    /** BatchNormalization layers folded into the layer before them. */
    public int foldedLayers() {
        return plan.folded;
    }

    /** Dropout and noise layers removed. */
    public int removedLayers() {
        return plan.removed;
    }

    // ---------------------------------------------------------------- tensors

    /** One input, one output. */
    public Tensor predict(Tensor x) {
        single("predict(Tensor)");
        return predict(List.of(x)).get(0);
    }

    /** Inputs and outputs by position. */
    public List<Tensor> predict(List<Tensor> xs) {
        Frame f = frames.get();
        int batch = bindTensors(f, xs);
        run(f, batch);
        List<Tensor> out = new ArrayList<>(outputNames.size());
        for (int o = 0; o < plan.outputs.length; o++) {
            float[] y = new float[batch * sizes[plan.outputs[o]]];
            copyOut(f, o, batch, y, 0);
            out.add(Tensor.of(y, Step.batched(batch, outputShape(o))));
        }
        return out;
    }

    /** Inputs by input name, outputs by output name. */
    public Map<String, Tensor> predict(Map<String, Tensor> xs) {
        List<Tensor> ys = predict(Names.byPosition(who(), "input", inputNames, xs));
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int o = 0; o < ys.size(); o++) out.put(outputNames.get(o), ys.get(o));
        return out;
    }

    // ---------------------------------------------------------------- arrays and buffers

    /** One input, one output; returns a new array. */
    public float[] predict(float[] x) {
        single("predict(float[])");
        Frame f = frames.get();
        int batch = bindArray(f, 0, x, 0, x.length, -1);
        run(f, batch);
        float[] y = new float[batch * sizes[plan.outputs[0]]];
        copyOut(f, 0, batch, y, 0);
        return y;
    }

    /** One input, one output, written into {@code y}, which must hold exactly the batch's outputs. */
    public void predict(float[] x, float[] y) {
        predict(new float[][]{x}, new float[][]{y});
    }

    /** Inputs and outputs by position; each {@code ys[o]} must hold exactly the batch's outputs. */
    public void predict(float[][] xs, float[][] ys) {
        Names.count(who(), "input arrays", inputNames, xs.length);
        Names.count(who(), "output arrays", outputNames, ys.length);
        Frame f = frames.get();
        int batch = -1;
        for (int i = 0; i < xs.length; i++) batch = bindArray(f, i, xs[i], 0, xs[i].length, batch);
        for (int o = 0; o < ys.length; o++) checkOut(o, batch, ys[o] == null ? -1 : ys[o].length);
        run(f, batch);
        for (int o = 0; o < ys.length; o++) copyOut(f, o, batch, ys[o], 0);
    }

    /** Inputs by input name, outputs written into the arrays given by output name (each exactly the batch's outputs). */
    public void predictByName(Map<String, float[]> xs, Map<String, float[]> ys) {
        predict(Names.byPosition(who(), "input", inputNames, xs).toArray(new float[0][]),
                Names.byPosition(who(), "output", outputNames, ys).toArray(new float[0][]));
    }

    /** One input, one output: reads {@code x} from its position to its limit, writes the outputs from {@code y}'s position. */
    public void predict(FloatBuffer x, FloatBuffer y) {
        predict(new FloatBuffer[]{x}, new FloatBuffer[]{y});
    }

    /** Inputs and outputs by position, as {@link #predict(FloatBuffer, FloatBuffer)}; heap buffers are read in place. */
    public void predict(FloatBuffer[] xs, FloatBuffer[] ys) {
        Names.count(who(), "input buffers", inputNames, xs.length);
        Names.count(who(), "output buffers", outputNames, ys.length);
        Frame f = frames.get();
        int batch = -1;
        for (int i = 0; i < xs.length; i++) {
            FloatBuffer b = xs[i];
            if (b == null) throw new IllegalArgumentException(who() + ": input '" + inputNames.get(i) + "' is null");
            if (b.hasArray()) {
                batch = bindArray(f, i, b.array(), b.arrayOffset() + b.position(), b.remaining(), batch);
            } else {
                batch = checkIn(i, b.remaining(), batch);
                b.get(b.position(), f.out(plan.inputs[i], b.remaining()), 0, b.remaining());
            }
        }
        for (int o = 0; o < ys.length; o++) {
            if (ys[o] == null) throw new IllegalArgumentException(who() + ": output '" + outputNames.get(o) + "' is null");
            if (ys[o].remaining() < batch * sizes[plan.outputs[o]]) checkOut(o, batch, ys[o].remaining());
        }
        run(f, batch);
        for (int o = 0; o < ys.length; o++) {
            int v = plan.outputs[o];
            ys[o].put(ys[o].position(), f.arr[v], f.off[v], batch * sizes[v]);
        }
    }

    // ---------------------------------------------------------------- the call

    private void run(Frame f, int batch) {
        for (Step s : plan.steps) s.run(f, batch, shapes, sizes);
    }

    private int bindTensors(Frame f, List<Tensor> xs) {
        Names.count(who(), "input tensors", inputNames, xs.size());
        int batch = -1;
        for (int i = 0; i < xs.size(); i++) {
            Tensor t = xs.get(i);
            Shape want = inputShape(i);
            boolean ok = t != null && t.rank() == want.rank() + 1;
            for (int d = 0; ok && d < want.rank(); d++) ok = t.shape().dim(d + 1) == want.dim(d);
            if (!ok) {
                throw new IllegalArgumentException(who() + ": input '" + inputNames.get(i) + "' expected shape " + Step.batched(Shape.UNKNOWN, want)
                        + ", received " + (t == null ? "null" : t.shape()));
            }
            batch = bindArray(f, i, t.data(), t.offset(), t.size(), batch);
        }
        return batch;
    }

    private int bindArray(Frame f, int i, float[] a, int off, int length, int batch) {
        if (a == null) throw new IllegalArgumentException(who() + ": input '" + inputNames.get(i) + "' is null");
        batch = checkIn(i, length, batch);
        f.bind(plan.inputs[i], a, off);
        return batch;
    }

    /** The batch size {@code length} floats make for input {@code i}, which must equal {@code batch} unless that is -1. */
    private int checkIn(int i, int length, int batch) {
        int size = sizes[plan.inputs[i]];
        if (length == 0 || length % size != 0) {
            throw new IllegalArgumentException(who() + ": input '" + inputNames.get(i) + "' expected a positive multiple of " + size
                    + " floats (samples of shape " + inputShape(i) + "), received " + length);
        }
        int b = length / size;
        if (batch >= 0 && b != batch) {
            throw new IllegalArgumentException(who() + ": input '" + inputNames.get(i) + "' holds " + b + " samples, input '"
                    + inputNames.get(0) + "' " + batch + "; every input needs the same number");
        }
        return b;
    }

    private void checkOut(int o, int batch, int length) {
        int want = batch * sizes[plan.outputs[o]];
        if (length != want) {
            throw new IllegalArgumentException(who() + ": output '" + outputNames.get(o) + "' expected room for exactly " + want + " floats ("
                    + batch + " samples of shape " + outputShape(o) + "), received " + (length < 0 ? "null" : length));
        }
    }

    private void copyOut(Frame f, int o, int batch, float[] y, int yOff) {
        int v = plan.outputs[o];
        System.arraycopy(f.arr[v], f.off[v], y, yOff, batch * sizes[v]);
    }

    private void single(String what) {
        if (inputNames.size() != 1 || outputNames.size() != 1) {
            throw new IllegalArgumentException(who() + ": " + what + " needs a model with one input and one output, this one has inputs "
                    + inputNames + " and outputs " + outputNames + "; use the forms by position or by name");
        }
    }

    private String who() {
        return "Predictor of model '" + model + "'";
    }
}
