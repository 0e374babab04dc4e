package dev.lamina.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The recurrent layers' math as fused ops in Keras' weight layouts (gate blocks are consecutive column blocks of
 * width {@code units}): SimpleRNN, LSTM (gates i, f, c, o; states [h, c]) and GRU (gates z, r, h; state [h]).
 * Each takes {@code x [batch, time, features]}, {@code kernel [features, k*units]},
 * {@code recurrent_kernel [units, k*units]}, an optional bias, optional initial states {@code [batch, units]}
 * (null or empty for zeros) and an optional {@code mask [batch, time]} (nonzero = use the step), and returns
 * {@code [output, states...]}: the output is {@code [batch, time, units]} in processing order with
 * {@code returnSequences}, else the last output {@code [batch, units]}; the final states follow in Keras' order.
 * See {@link RecurrentRun} for the loop, the masking rule and the GEMMs.
 */
public final class RecurrentOps {
    private RecurrentOps() {
    }

    /** SimpleRNN: {@code bias [units]} or null; {@code initialState} [h]. */
    public static List<Tensor> simpleRnn(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias,
                                         List<Tensor> initialState, Tensor mask, RecurrentArgs args) {
        String op = "simpleRnn";
        int units = check(op, x, kernel, recurrentKernel, 1, initialState, 1, mask, args);
        checkBias(op, bias, Shape.of(units));
        SimpleRnnRun run = new SimpleRnnRun(x, kernel, recurrentKernel, mask, args.recurrentDropoutMask(), args.goBackwards(),
                CellActivation.of(op, "activation", args.activation()));
        return finish(op, run, x, kernel, recurrentKernel, bias, initialState, args, false);
    }

    /** LSTM: {@code bias [4*units]} or null; {@code initialState} [h, c]. */
    public static List<Tensor> lstm(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias,
                                    List<Tensor> initialState, Tensor mask, RecurrentArgs args) {
        String op = "lstm";
        int units = check(op, x, kernel, recurrentKernel, 4, initialState, 2, mask, args);
        checkBias(op, bias, Shape.of(4 * units));
        LstmRun run = new LstmRun(x, kernel, recurrentKernel, mask, args.recurrentDropoutMask(), args.goBackwards(),
                CellActivation.of(op, "activation", args.activation()), CellActivation.of(op, "recurrent_activation", args.recurrentActivation()));
        return finish(op, run, x, kernel, recurrentKernel, bias, initialState, args, false);
    }

    /**
     * GRU: with {@code resetAfter} (the default) {@code bias [2, 3*units]} = [input bias, recurrent bias], otherwise
     * {@code bias [3*units]}; either may be null. {@code initialState} [h].
     */
    public static List<Tensor> gru(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias,
                                   List<Tensor> initialState, Tensor mask, RecurrentArgs args) {
        String op = "gru";
        int units = check(op, x, kernel, recurrentKernel, 3, initialState, 1, mask, args);
        boolean ra = args.resetAfter();
        checkBias(op, bias, ra ? Shape.of(2, 3 * units) : Shape.of(3 * units));
        GruRun run = new GruRun(x, kernel, recurrentKernel, ra ? bias : null, 3 * units, mask, args.recurrentDropoutMask(),
                args.goBackwards(), CellActivation.of(op, "activation", args.activation()),
                CellActivation.of(op, "recurrent_activation", args.recurrentActivation()), ra);
        return finish(op, run, x, kernel, recurrentKernel, bias, initialState, args, ra);
    }

    /** Validates the shapes shared by the cells; returns units. */
    private static int check(String op, Tensor x, Tensor kernel, Tensor rk, int gates, List<Tensor> init, int stateCount,
                             Tensor mask, RecurrentArgs args) {
        Shape xs = x.shape(), ks = kernel.shape(), rs = rk.shape();
        if (xs.rank() != 3 || xs.dim(1) < 1) {
            throw new IllegalArgumentException(op + ": expected an input [batch, time, features] of rank 3 with time >= 1, received shape " + xs);
        }
        if (rs.rank() != 2 || rs.dim(0) < 1 || rs.dim(1) != gates * rs.dim(0)) {
            throw new ShapeMismatchException(op, "a recurrent_kernel [units, " + gates + "*units]", rs, ks);
        }
        int units = rs.dim(0);
        if (!ks.equals(Shape.of(xs.dim(2), gates * units))) {
            throw new ShapeMismatchException(op, "a kernel [features, " + gates + "*units] = [" + xs.dim(2) + ", " + gates * units + "] for the input", xs, ks);
        }
        int batch = xs.dim(0);
        if (init != null && !init.isEmpty()) {
            if (init.size() != stateCount) {
                throw new IllegalArgumentException(op + ": expected initial_state of " + stateCount + " tensor(s), received " + init.size());
            }
            for (int k = 0; k < stateCount; k++) {
                Tensor s = init.get(k);
                if (s == null || !s.shape().equals(Shape.of(batch, units))) {
                    throw new IllegalArgumentException(op + ": expected initial_state[" + k + "] of shape " + Shape.of(batch, units)
                            + ", received " + (s == null ? "null" : s.shape()));
                }
            }
        }
        if (mask != null && !mask.shape().equals(Shape.of(batch, xs.dim(1)))) {
            throw new IllegalArgumentException(op + ": expected a mask of shape [batch, time] = " + Shape.of(batch, xs.dim(1)) + ", received " + mask.shape());
        }
        Tensor drop = args.recurrentDropoutMask();
        if (drop != null && !drop.shape().equals(Shape.of(batch, units))) {
            throw new IllegalArgumentException(op + ": expected a recurrent dropout mask of shape " + Shape.of(batch, units) + ", received " + drop.shape());
        }
        return units;
    }

    private static void checkBias(String op, Tensor bias, Shape expected) {
        if (bias != null && !bias.shape().equals(expected)) {
            throw new IllegalArgumentException(op + ": expected a bias of shape " + expected + ", received " + bias.shape());
        }
    }

    /** Runs the forward, records one backward for the packed result and splits it into the output and the states. */
    private static List<Tensor> finish(String op, RecurrentRun run, Tensor x, Tensor kernel, Tensor rk, Tensor bias,
                                       List<Tensor> initialState, RecurrentArgs args, boolean splitBias) {
        int sc = run.stateCount;
        Tensor[] init = new Tensor[sc];
        if (initialState != null && !initialState.isEmpty()) for (int k = 0; k < sc; k++) init[k] = initialState.get(k);
        // The input-side bias: all of a plain bias, row 0 of GRU's [2, 3u].
        run.forward(bias == null ? null : bias.data(), bias == null ? 0 : bias.offset(), init);
        Tensor packed = run.packed();
        Tensor[] inputs = new Tensor[4 + sc];
        inputs[0] = x;
        inputs[1] = kernel;
        inputs[2] = rk;
        inputs[3] = bias;
        System.arraycopy(init, 0, inputs, 4, sc);
        Autodiff.record(op, packed, inputs, g -> {
            float[][] dInit = run.backward(g);
            Tensor[] d = new Tensor[inputs.length];
            if (x.requiresGrad()) d[0] = run.inputGrad();
            if (kernel.requiresGrad()) d[1] = Tensor.of(run.kernelGrad(), kernel.shape());
            if (rk.requiresGrad()) d[2] = Tensor.of(run.recurrentKernelGrad(), rk.shape());
            if (bias != null && bias.requiresGrad()) {
                float[] in = run.inputBiasGrad();
                if (splitBias) {
                    float[] both = Arrays.copyOf(in, 2 * in.length);
                    System.arraycopy(run.recurrentBiasGrad(), 0, both, in.length, in.length);
                    in = both;
                }
                d[3] = Tensor.of(in, bias.shape());
            }
            for (int k = 0; k < sc; k++) if (init[k] != null && init[k].requiresGrad()) d[4 + k] = Tensor.of(dInit[k], init[k].shape());
            return d;
        });
        int t = run.time, b = run.batch, u = run.units;
        int[] sizes = new int[sc + 2];
        sizes[0] = args.returnSequences() ? t : t - 1;
        sizes[1] = args.returnSequences() ? 0 : 1;
        for (int k = 0; k < sc; k++) sizes[2 + k] = 1;
        List<Tensor> parts = Ops.split(packed, sizes, 1);
        List<Tensor> out = new ArrayList<>(sc + 1);
        out.add(args.returnSequences() ? parts.get(0) : Ops.reshape(parts.get(1), b, u));
        for (int k = 0; k < sc; k++) out.add(Ops.reshape(parts.get(2 + k), b, u));
        return out;
    }
}
