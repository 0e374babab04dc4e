package dev.lamina.tensor;

import dev.lamina.tensor.kernels.Kernels;

/**
 * One run of a recurrent layer over a batch of sequences, the loop shared by the cells ({@link SimpleRnnRun},
 * {@link LstmRun}, {@link GruRun}). The input is copied time-major in processing order, so every step's rows are
 * contiguous; its projection onto all gates is one GEMM over every step ({@code [time*batch, in] x [in, width]});
 * each step then adds one GEMM of the state onto all gates and the cell's elementwise pass. The backward mirrors
 * it: one GEMM per step for the state's gradient, then the kernel's and the input's gradients as one GEMM each
 * over all steps.
 *
 * <p>Masking follows Keras' {@code rnn()}: at a masked step the cell is evaluated but every state keeps its
 * value, and the emitted output repeats the previous step's output (zeros before any step was processed).
 */
abstract class RecurrentRun {
    final int batch, time, features, units, width, stateCount, rows;
    final boolean goBackwards;
    /** {@code [time * batch]}, processing order: nonzero = use the step; null when every step is used. */
    final float[] keep;
    /** {@code [batch * units]} recurrent dropout, or null. */
    final float[] drop;
    final float[] kernel, rec;
    final int kOff, rOff;
    private final Tensor x;
    /** Time-major input {@code [rows, features]}, projection {@code [rows, width]}, the state fed to the product and the emitted outputs {@code [rows, units]}. */
    float[] xs, proj, hIn, out;
    /** The current states, and the cell's candidates for the step being computed, {@code [batch * units]} each. */
    float[][] states, cand;
    /** The gradient of the gates' pre-activations from the input side, {@code [rows, width]}. */
    float[] dProj;
    private float[] scratch;

    RecurrentRun(int stateCount, int gates, Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor mask, Tensor drop, boolean goBackwards) {
        this.x = x;
        this.batch = x.shape().dim(0);
        this.time = x.shape().dim(1);
        this.features = x.shape().dim(2);
        this.units = recurrentKernel.shape().dim(0);
        this.width = gates * units;
        this.stateCount = stateCount;
        this.rows = batch * time;
        this.goBackwards = goBackwards;
        this.kernel = kernel.data();
        this.kOff = kernel.offset();
        this.rec = recurrentKernel.data();
        this.rOff = recurrentKernel.offset();
        this.drop = drop == null ? null : drop.toFloatArray();
        if (mask == null) {
            keep = null;
        } else {
            keep = new float[rows];
            for (int s = 0; s < time; s++) {
                for (int b = 0; b < batch; b++) keep[s * batch + b] = mask.get(b * time + inputTime(s)) != 0f ? 1f : 0f;
            }
        }
    }

    /** The input time step processed at step {@code s}. */
    final int inputTime(int s) {
        return goBackwards ? time - 1 - s : s;
    }

    /** Allocates the cell's caches. */
    abstract void prepare();

    /** Computes {@code cand} for step {@code s} from {@code states}, {@code proj} and {@code hIn}, keeping what the backward needs. */
    abstract void step(int s);

    /**
     * Given {@code dS}, the gradients w.r.t. the states after step {@code s}, writes the step's rows of
     * {@code dProj} and replaces {@code dS} by the gradients w.r.t. the states before it. Linear in {@code dS}.
     */
    abstract void stepBackward(int s, float[][] dS);

    /** The recurrent kernel's gradient {@code [units, width]}, after the backward loop. */
    abstract float[] recurrentKernelGrad();

    /** The gradient of a bias added inside the recurrent product (GRU reset_after), or null. */
    float[] recurrentBiasGrad() {
        return null;
    }

    final void forward(float[] bias, int bOff, Tensor[] init) {
        int b0 = batch * units;
        xs = new float[rows * features];
        float[] xd = x.data();
        for (int s = 0; s < time; s++) {
            int t = inputTime(s);
            for (int b = 0; b < batch; b++) System.arraycopy(xd, x.offset() + (b * time + t) * features, xs, (s * batch + b) * features, features);
        }
        proj = new float[rows * width];
        Kernels.gemm().gemm(false, false, rows, width, features, xs, 0, kernel, kOff, proj, 0, false);
        if (bias != null) {
            for (int r = 0; r < rows; r++) for (int j = 0; j < width; j++) proj[r * width + j] += bias[bOff + j];
        }
        states = new float[stateCount][b0];
        cand = new float[stateCount][b0];
        for (int k = 0; k < stateCount; k++) {
            if (init[k] != null) System.arraycopy(init[k].data(), init[k].offset(), states[k], 0, b0);
        }
        hIn = new float[rows * units];
        out = new float[rows * units];
        scratch = new float[b0];
        prepare();
        for (int s = 0; s < time; s++) {
            int base = s * b0;
            float[] h = states[0];
            for (int i = 0; i < b0; i++) hIn[base + i] = drop == null ? h[i] : h[i] * drop[i];
            step(s);
            for (int b = 0; b < batch; b++) {
                int row = b * units;
                if (keep == null || keep[s * batch + b] != 0f) {
                    for (int k = 0; k < stateCount; k++) System.arraycopy(cand[k], row, states[k], row, units);
                    System.arraycopy(cand[0], row, out, base + row, units);
                } else if (s > 0) {
                    System.arraycopy(out, base - b0 + row, out, base + row, units);
                }
            }
        }
    }

    /** {@code [batch, time + states, units]}: the emitted outputs in processing order, then the final states. */
    final Tensor packed() {
        int n = time + stateCount;
        float[] p = new float[batch * n * units];
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < time; s++) System.arraycopy(out, (s * batch + b) * units, p, (b * n + s) * units, units);
            for (int k = 0; k < stateCount; k++) System.arraycopy(states[k], b * units, p, (b * n + time + k) * units, units);
        }
        return Tensor.of(p, batch, n, units);
    }

    /** Runs the backward loop on the packed output's gradient; returns the gradients w.r.t. the initial states. */
    final float[][] backward(Tensor g) {
        int n = time + stateCount, b0 = batch * units;
        float[] gd = g.data();
        int go = g.offset();
        float[][] dS = new float[stateCount][b0];
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < stateCount; k++) System.arraycopy(gd, go + (b * n + time + k) * units, dS[k], b * units, units);
        }
        float[] carry = new float[b0];
        float[][] stash = new float[stateCount][units];
        dProj = new float[rows * width];
        for (int s = time - 1; s >= 0; s--) {
            for (int b = 0; b < batch; b++) {
                boolean use = keep == null || keep[s * batch + b] != 0f;
                for (int j = 0; j < units; j++) {
                    int i = b * units + j;
                    float gOut = gd[go + (b * n + s) * units + j] + carry[i];
                    if (use) {
                        dS[0][i] += gOut;
                        carry[i] = 0f;
                    } else {
                        carry[i] = gOut;
                    }
                }
            }
            if (keep == null) {
                stepBackward(s, dS);
                continue;
            }
            // A masked row passes its state gradients through unchanged; the cell sees zeros there (and gives zeros).
            float[][] saved = new float[stateCount][];
            for (int k = 0; k < stateCount; k++) saved[k] = dS[k].clone();
            for (int b = 0; b < batch; b++) {
                if (keep[s * batch + b] == 0f) for (int k = 0; k < stateCount; k++) java.util.Arrays.fill(dS[k], b * units, (b + 1) * units, 0f);
            }
            stepBackward(s, dS);
            for (int b = 0; b < batch; b++) {
                if (keep[s * batch + b] == 0f) for (int k = 0; k < stateCount; k++) System.arraycopy(saved[k], b * units, dS[k], b * units, units);
            }
        }
        return dS;
    }

    /** The input's gradient {@code [batch, time, features]} in input order: {@code dProj · kernel^T}, one GEMM. */
    final Tensor inputGrad() {
        float[] dxs = new float[rows * features];
        Kernels.gemm().gemm(false, true, rows, features, width, dProj, 0, kernel, kOff, dxs, 0, false);
        float[] dx = new float[rows * features];
        for (int s = 0; s < time; s++) {
            int t = inputTime(s);
            for (int b = 0; b < batch; b++) System.arraycopy(dxs, (s * batch + b) * features, dx, (b * time + t) * features, features);
        }
        return Tensor.of(dx, batch, time, features);
    }

    /** The kernel's gradient {@code xs^T · dProj}, one GEMM over all steps. */
    final float[] kernelGrad() {
        float[] dk = new float[features * width];
        Kernels.gemm().gemm(true, false, features, width, rows, xs, 0, dProj, 0, dk, 0, false);
        return dk;
    }

    /** The input-side bias gradient: the column sums of {@code dProj}. */
    final float[] inputBiasGrad() {
        return columnSums(dProj, rows, width);
    }

    static float[] columnSums(float[] a, int m, int n) {
        float[] o = new float[n];
        for (int r = 0; r < m; r++) for (int j = 0; j < n; j++) o[j] += a[r * n + j];
        return o;
    }

    /**
     * {@code dh = base + (d_s · R^T) ⊙ drop} for a step's rows of {@code d} ({@code [batch, n]} at {@code dOff})
     * and a recurrent matrix {@code r [units, n]}; {@code base} null means zero.
     */
    final void stateGrad(float[] d, int dOff, float[] r, int rOffset, int n, float[] base, float[] dh) {
        Kernels.gemm().gemm(false, true, batch, units, n, d, dOff, r, rOffset, scratch, 0, false);
        int b0 = batch * units;
        for (int i = 0; i < b0; i++) {
            float v = drop == null ? scratch[i] : scratch[i] * drop[i];
            dh[i] = base == null ? v : base[i] + v;
        }
    }

    /** {@code a^T · d} over all steps: {@code a [rows, m]}, {@code d [rows, n]}, giving {@code [m, n]}. */
    final float[] overSteps(float[] a, int m, float[] d, int n) {
        float[] o = new float[m * n];
        Kernels.gemm().gemm(true, false, m, n, rows, a, 0, d, 0, o, 0, false);
        return o;
    }
}
