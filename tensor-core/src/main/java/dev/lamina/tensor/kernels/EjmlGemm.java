package dev.lamina.tensor.kernels;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;

import java.util.Arrays;

/** GEMM on EJML's {@code CommonOps_FDRM}, switching to the multi-threaded twin for large products. */
final class EjmlGemm implements Gemm {
    private final ThreadPolicy policy;

    EjmlGemm(ThreadPolicy policy) {
        this.policy = policy;
    }

    @Override
    public String name() {
        return "ejml";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        FMatrixRMaj ma = wrap(transA ? k : m, transA ? m : k, a, aOff);
        FMatrixRMaj mb = wrap(transB ? n : k, transB ? k : n, b, bOff);
        boolean direct = cOff == 0 && c.length == m * n;
        FMatrixRMaj mc = direct ? FMatrixRMaj.wrap(m, n, c) : new FMatrixRMaj(m, n);
        if (!direct && accumulate) System.arraycopy(c, cOff, mc.data, 0, m * n);
        boolean mt = policy.useThreads((long) m * n * k);
        if (accumulate) {
            if (mt) multAddMt(transA, transB, ma, mb, mc);
            else multAdd(transA, transB, ma, mb, mc);
        } else {
            if (mt) multMt(transA, transB, ma, mb, mc);
            else mult(transA, transB, ma, mb, mc);
        }
        if (!direct) System.arraycopy(mc.data, 0, c, cOff, m * n);
    }

    private static FMatrixRMaj wrap(int rows, int cols, float[] data, int off) {
        if (off == 0 && data.length == rows * cols) return FMatrixRMaj.wrap(rows, cols, data);
        return FMatrixRMaj.wrap(rows, cols, Arrays.copyOfRange(data, off, off + rows * cols));
    }

    private static void mult(boolean ta, boolean tb, FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        if (ta && tb) CommonOps_FDRM.multTransAB(a, b, c);
        else if (ta) CommonOps_FDRM.multTransA(a, b, c);
        else if (tb) CommonOps_FDRM.multTransB(a, b, c);
        else CommonOps_FDRM.mult(a, b, c);
    }

    private static void multAdd(boolean ta, boolean tb, FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        if (ta && tb) CommonOps_FDRM.multAddTransAB(a, b, c);
        else if (ta) CommonOps_FDRM.multAddTransA(a, b, c);
        else if (tb) CommonOps_FDRM.multAddTransB(a, b, c);
        else CommonOps_FDRM.multAdd(a, b, c);
    }

    private static void multMt(boolean ta, boolean tb, FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        if (ta && tb) CommonOps_MT_FDRM.multTransAB(a, b, c);
        else if (ta) CommonOps_MT_FDRM.multTransA(a, b, c);
        else if (tb) CommonOps_MT_FDRM.multTransB(a, b, c);
        else CommonOps_MT_FDRM.mult(a, b, c);
    }

    private static void multAddMt(boolean ta, boolean tb, FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        if (ta && tb) CommonOps_MT_FDRM.multAddTransAB(a, b, c);
        else if (ta) CommonOps_MT_FDRM.multAddTransA(a, b, c);
        else if (tb) CommonOps_MT_FDRM.multAddTransB(a, b, c);
        else CommonOps_MT_FDRM.multAdd(a, b, c);
    }
}
