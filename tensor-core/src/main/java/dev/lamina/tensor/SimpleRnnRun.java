package dev.lamina.tensor;

import dev.lamina.tensor.kernels.Kernels;

/** Keras' SimpleRNN cell: {@code h_t = activation(x_t · kernel + bias + h_{t-1} · recurrent_kernel)}. */
final class SimpleRnnRun extends RecurrentRun {
    private final CellActivation act;
    /** The outputs of every step {@code [rows, units]}. */
    private float[] hAll;

    SimpleRnnRun(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor mask, Tensor drop, boolean goBackwards, CellActivation act) {
        super(1, 1, x, kernel, recurrentKernel, mask, drop, goBackwards);
        this.act = act;
    }

    @Override
    void prepare() {
        hAll = new float[rows * units];
    }

    @Override
    void step(int s) {
        int base = s * batch * units;
        System.arraycopy(proj, base, hAll, base, batch * units);
        Kernels.gemm().gemm(false, false, batch, units, units, hIn, base, rec, rOff, hAll, base, true);
        for (int i = 0; i < batch * units; i++) {
            float h = act.apply(hAll[base + i]);
            hAll[base + i] = h;
            cand[0][i] = h;
        }
    }

    @Override
    void stepBackward(int s, float[][] dS) {
        int base = s * batch * units;
        float[] dh = dS[0];
        for (int i = 0; i < batch * units; i++) dProj[base + i] = dh[i] * act.derivative(hAll[base + i]);
        stateGrad(dProj, base, rec, rOff, units, null, dh);
    }

    @Override
    float[] recurrentKernelGrad() {
        return overSteps(hIn, units, dProj, units);
    }
}
