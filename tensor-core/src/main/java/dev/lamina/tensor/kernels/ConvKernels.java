package dev.lamina.tensor.kernels;

/**
 * The convolutions that read the input's windows in place instead of building im2col patches: the direct
 * convolution ({@link DirectConv}) and implicit GEMM ({@link ImplicitConv}). Only the vector kernel set has them;
 * {@link ConvPlanner} says when each runs. Arrays are NHWC (the output {@code [batch, outH, outW, outC]}) and the
 * kernel HWIO, viewed as {@code [patch, outC]}; outputs start at 0.
 */
interface ConvKernels {
    /** {@code y = act(conv(x, kernel) + bias)} ({@code bias} may be null, {@code act} relu or the identity). */
    void directForward(ConvGeometry g, float[] x, int xOff, float[] kd, int kOff, int outC, float[] bias, int bOff,
                       boolean relu, float[] y);

    /** The kernel gradient {@code dk [patch, outC]} of {@link #directForward}, written or added to {@code dk}. */
    void directKernelGrad(ConvGeometry g, float[] x, int xOff, float[] gy, int gOff, int outC, float[] dk, boolean accumulate);

    /** Whether implicit GEMM takes this convolution (windows inside the input, at least half a tile of filters). */
    boolean implicitApplies(ConvGeometry g, int outC);

    /** As {@link #directForward}, as implicit GEMM; bit-identical to a bias + relu pass after. */
    void implicitForward(ConvGeometry g, float[] x, int xOff, float[] kd, int kOff, int outC, float[] bias, int bOff,
                         boolean relu, float[] y);

    /** The kernel gradient {@code dk [patch, outC]}, written or added to {@code dk}. */
    void implicitKernelGrad(ConvGeometry g, float[] x, int xOff, float[] gy, int gOff, int outC, float[] dk, boolean accumulate);

    /** The input gradient, added to {@code dx} (zeros for a fresh one). */
    void implicitInputGrad(ConvGeometry g, float[] gy, int gOff, float[] kd, int kOff, int outC, float[] dx);
}
