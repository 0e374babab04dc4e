package dev.lamina.tensor;

import dev.lamina.tensor.kernels.Kernels;

/**
 * Keras' LSTM cell, gate blocks i, f, c, o: {@code z = x_t · kernel + h_{t-1} · recurrent_kernel + bias};
 * {@code c_t = f ⊙ c_{t-1} + i ⊙ a(z_c)}, {@code h_t = o ⊙ a(c_t)} with {@code i, f, o = ra(z_·)}. States [h, c].
 */
final class LstmRun extends RecurrentRun {
    private final CellActivation act, gateAct;
    /** The gates after their activations {@code [rows, 4 units]}; the previous cell state and {@code a(c_t)}, {@code [rows, units]}. */
    private float[] gates, cPrev, cAct;

    LstmRun(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor mask, Tensor drop, boolean goBackwards,
            CellActivation act, CellActivation gateAct) {
        super(2, 4, x, kernel, recurrentKernel, mask, drop, goBackwards);
        this.act = act;
        this.gateAct = gateAct;
    }

    @Override
    void prepare() {
        gates = new float[rows * width];
        cPrev = new float[rows * units];
        cAct = new float[rows * units];
    }

    @Override
    void step(int s) {
        int u = units, gb = s * batch * width, sb = s * batch * u;
        System.arraycopy(proj, gb, gates, gb, batch * width);
        Kernels.gemm().gemm(false, false, batch, width, u, hIn, sb, rec, rOff, gates, gb, true);
        float[] c = states[1];
        for (int b = 0; b < batch; b++) {
            int r = gb + b * width;
            for (int j = 0; j < u; j++) {
                float i = gateAct.apply(gates[r + j]);
                float f = gateAct.apply(gates[r + u + j]);
                float g = act.apply(gates[r + 2 * u + j]);
                float o = gateAct.apply(gates[r + 3 * u + j]);
                gates[r + j] = i;
                gates[r + u + j] = f;
                gates[r + 2 * u + j] = g;
                gates[r + 3 * u + j] = o;
                int si = b * u + j;
                float cp = c[si], cn = f * cp + i * g, ac = act.apply(cn);
                cPrev[sb + si] = cp;
                cAct[sb + si] = ac;
                cand[1][si] = cn;
                cand[0][si] = o * ac;
            }
        }
    }

    @Override
    void stepBackward(int s, float[][] dS) {
        int u = units, gb = s * batch * width, sb = s * batch * u;
        float[] dh = dS[0], dc = dS[1];
        for (int b = 0; b < batch; b++) {
            int r = gb + b * width;
            for (int j = 0; j < u; j++) {
                int si = b * u + j;
                float i = gates[r + j], f = gates[r + u + j], g = gates[r + 2 * u + j], o = gates[r + 3 * u + j];
                float ac = cAct[sb + si], dhv = dh[si];
                float dct = dc[si] + dhv * o * act.derivative(ac);
                dProj[r + j] = dct * g * gateAct.derivative(i);
                dProj[r + u + j] = dct * cPrev[sb + si] * gateAct.derivative(f);
                dProj[r + 2 * u + j] = dct * i * act.derivative(g);
                dProj[r + 3 * u + j] = dhv * ac * gateAct.derivative(o);
                dc[si] = dct * f;
            }
        }
        stateGrad(dProj, gb, rec, rOff, width, null, dh);
    }

    @Override
    float[] recurrentKernelGrad() {
        return overSteps(hIn, units, dProj, width);
    }
}
