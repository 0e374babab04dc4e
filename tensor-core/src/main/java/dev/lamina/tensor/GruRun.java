package dev.lamina.tensor;

import dev.lamina.tensor.kernels.Kernels;

/**
 * Keras' GRU cell, gate blocks z, r, h; {@code h_t = z ⊙ h_{t-1} + (1 - z) ⊙ hh}. With {@code reset_after}
 * (Keras' default) the recurrent product covers all gates and carries its own bias, and the reset gate multiplies
 * its candidate block: {@code hh = a(mx_h + r ⊙ (h_{t-1} · R_h + b_rec_h))}. Without it the reset gate multiplies
 * the state before the candidate's product: {@code hh = a(mx_h + (r ⊙ h_{t-1}) · R_h)}, two products per step.
 */
final class GruRun extends RecurrentRun {
    private final CellActivation act, gateAct;
    private final boolean resetAfter;
    private final float[] recBias;
    private final int recBiasOff;
    /** Gates after activation (z, r, hh) {@code [rows, 3u]} and the state before each step {@code [rows, u]}. */
    private float[] gates, hPrev;
    /** reset_after: the recurrent product plus its bias {@code [rows, 3u]} and its gradient. */
    private float[] inner, dInner;
    /** Otherwise: R split into {@code [u, 2u]} (z, r) and {@code [u, u]} (h); {@code r ⊙ h} per step; gradients. */
    private float[] rZr, rH, resetH, dZr, dH, zrBuf, qBuf, dRh;

    GruRun(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor recurrentBias, int recurrentBiasOffset, Tensor mask, Tensor drop,
           boolean goBackwards, CellActivation act, CellActivation gateAct, boolean resetAfter) {
        super(1, 3, x, kernel, recurrentKernel, mask, drop, goBackwards);
        this.act = act;
        this.gateAct = gateAct;
        this.resetAfter = resetAfter;
        this.recBias = recurrentBias == null ? null : recurrentBias.data();
        this.recBiasOff = recurrentBias == null ? 0 : recurrentBias.offset() + recurrentBiasOffset;
    }

    @Override
    void prepare() {
        int u = units, bu = batch * u;
        gates = new float[rows * width];
        hPrev = new float[rows * u];
        if (resetAfter) {
            inner = new float[rows * width];
            return;
        }
        rZr = new float[u * 2 * u];
        rH = new float[u * u];
        for (int i = 0; i < u; i++) {
            System.arraycopy(rec, rOff + i * width, rZr, i * 2 * u, 2 * u);
            System.arraycopy(rec, rOff + i * width + 2 * u, rH, i * u, u);
        }
        resetH = new float[rows * u];
        zrBuf = new float[bu * 2];
        qBuf = new float[bu];
    }

    @Override
    void step(int s) {
        int u = units, gb = s * batch * width, sb = s * batch * u;
        float[] h = states[0];
        System.arraycopy(h, 0, hPrev, sb, batch * u);
        if (resetAfter) {
            Kernels.gemm().gemm(false, false, batch, width, u, hIn, sb, rec, rOff, inner, gb, false);
            if (recBias != null) {
                for (int b = 0; b < batch; b++) for (int j = 0; j < width; j++) inner[gb + b * width + j] += recBias[recBiasOff + j];
            }
        } else {
            Kernels.gemm().gemm(false, false, batch, 2 * u, u, hIn, sb, rZr, 0, zrBuf, 0, false);
        }
        for (int b = 0; b < batch; b++) {
            int r = gb + b * width;
            for (int j = 0; j < u; j++) {
                float zIn = resetAfter ? inner[r + j] : zrBuf[b * 2 * u + j];
                float rIn = resetAfter ? inner[r + u + j] : zrBuf[b * 2 * u + u + j];
                float z = gateAct.apply(proj[r + j] + zIn), rg = gateAct.apply(proj[r + u + j] + rIn);
                gates[r + j] = z;
                gates[r + u + j] = rg;
                int si = b * u + j;
                if (resetAfter) {
                    candidate(r, si, z, act.apply(proj[r + 2 * u + j] + rg * inner[r + 2 * u + j]), h);
                } else {
                    resetH[sb + si] = rg * hIn[sb + si];
                }
            }
        }
        if (resetAfter) return;
        // Without reset_after the candidate needs (r ⊙ h) · R_h first: a second pass after that product.
        Kernels.gemm().gemm(false, false, batch, u, u, resetH, sb, rH, 0, qBuf, 0, false);
        for (int b = 0; b < batch; b++) {
            int r = gb + b * width;
            for (int j = 0; j < u; j++) {
                int si = b * u + j;
                candidate(r, si, gates[r + j], act.apply(proj[r + 2 * u + j] + qBuf[si]), h);
            }
        }
    }

    /** Keeps {@code hh} and writes {@code h_t = z ⊙ h_{t-1} + (1 - z) ⊙ hh} for unit {@code si} of row {@code r}. */
    private void candidate(int r, int si, float z, float hh, float[] h) {
        gates[r + 2 * units + si % units] = hh;
        cand[0][si] = z * h[si] + (1f - z) * hh;
    }

    @Override
    void stepBackward(int s, float[][] dS) {
        int u = units, gb = s * batch * width, sb = s * batch * u, bu = batch * u;
        if (dInner == null && resetAfter) dInner = new float[rows * width];
        if (dZr == null && !resetAfter) {
            dZr = new float[rows * 2 * u];
            dH = new float[rows * u];
            dRh = new float[bu];
        }
        float[] dh = dS[0];
        float[] direct = new float[bu];
        for (int b = 0; b < batch; b++) {
            int r = gb + b * width;
            for (int j = 0; j < u; j++) {
                int si = b * u + j;
                float z = gates[r + j], hh = gates[r + 2 * u + j], dhv = dh[si];
                float dz = dhv * (hPrev[sb + si] - hh) * gateAct.derivative(z);
                float dPre = dhv * (1f - z) * act.derivative(hh);
                direct[si] = dhv * z;
                dProj[r + j] = dz;
                dProj[r + 2 * u + j] = dPre;
                if (resetAfter) {
                    float rg = gates[r + u + j];
                    float dr = dPre * inner[r + 2 * u + j] * gateAct.derivative(rg);
                    dProj[r + u + j] = dr;
                    dInner[r + j] = dz;
                    dInner[r + u + j] = dr;
                    dInner[r + 2 * u + j] = dPre * rg;
                } else {
                    dZr[sb * 2 + b * 2 * u + j] = dz;
                    dH[sb + si] = dPre;
                }
            }
        }
        if (resetAfter) {
            stateGrad(dInner, gb, rec, rOff, width, direct, dh);
            return;
        }
        // d(r ⊙ h) = dPre · R_h^T; its r part feeds the reset gate, its h part joins the (z, r) product's gradient.
        Kernels.gemm().gemm(false, true, batch, u, u, dH, sb, rH, 0, dRh, 0, false);
        float[] viaReset = new float[bu];
        for (int b = 0; b < batch; b++) {
            int r = gb + b * width;
            for (int j = 0; j < u; j++) {
                int si = b * u + j;
                float rg = gates[r + u + j];
                float dr = dRh[si] * hIn[sb + si] * gateAct.derivative(rg);
                dProj[r + u + j] = dr;
                dZr[sb * 2 + b * 2 * u + u + j] = dr;
                viaReset[si] = dRh[si] * rg;
            }
        }
        stateGrad(dZr, sb * 2, rZr, 0, 2 * u, null, dh);
        for (int i = 0; i < bu; i++) dh[i] = direct[i] + dh[i] + (drop == null ? viaReset[i] : viaReset[i] * drop[i]);
    }

    @Override
    float[] recurrentKernelGrad() {
        int u = units;
        if (resetAfter) return overSteps(hIn, u, dInner, width);
        float[] zr = overSteps(hIn, u, dZr, 2 * u), hPart = overSteps(resetH, u, dH, u);
        float[] d = new float[u * width];
        for (int i = 0; i < u; i++) {
            System.arraycopy(zr, i * 2 * u, d, i * width, 2 * u);
            System.arraycopy(hPart, i * u, d, i * width + 2 * u, u);
        }
        return d;
    }

    @Override
    float[] recurrentBiasGrad() {
        return resetAfter ? columnSums(dInner, rows, width) : null;
    }
}
