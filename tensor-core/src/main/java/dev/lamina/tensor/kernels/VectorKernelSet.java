package dev.lamina.tensor.kernels;

/**
 * The vector kernel set: {@link VectorGemm}, {@link VectorLoops}, and the in-place convolutions. {@link KernelSet}
 * loads this class by name, only when the {@code jdk.incubator.vector} module is present; nothing else names it, so
 * no class that imports the Vector API links without the module.
 */
final class VectorKernelSet implements ConvKernels {
    private VectorKernelSet() {
    }

    /** Called reflectively by {@link KernelSet#load}. */
    static KernelSet create(ThreadPolicy policy) {
        return new KernelSet("vector", new VectorGemm(policy), new VectorLoops(), new VectorKernelSet());
    }

    @Override
    public void directForward(ConvGeometry g, float[] x, int xOff, float[] kd, int kOff, int outC, float[] bias, int bOff,
                              boolean relu, float[] y) {
        DirectConv.forward(g, x, xOff, kd, kOff, outC, bias, bOff, relu, y);
    }

    @Override
    public void directKernelGrad(ConvGeometry g, float[] x, int xOff, float[] gy, int gOff, int outC, float[] dk, boolean accumulate) {
        DirectConv.kernelGrad(g, x, xOff, gy, gOff, outC, dk, accumulate);
    }

    @Override
    public boolean implicitApplies(ConvGeometry g, int outC) {
        return ImplicitConv.applies(g, outC);
    }

    @Override
    public void implicitForward(ConvGeometry g, float[] x, int xOff, float[] kd, int kOff, int outC, float[] bias, int bOff,
                                boolean relu, float[] y) {
        ImplicitConv.forward(g, x, xOff, kd, kOff, outC, bias, bOff, relu, y);
    }

    @Override
    public void implicitKernelGrad(ConvGeometry g, float[] x, int xOff, float[] gy, int gOff, int outC, float[] dk, boolean accumulate) {
        ImplicitConv.kernelGrad(g, x, xOff, gy, gOff, outC, dk, accumulate);
    }

    @Override
    public void implicitInputGrad(ConvGeometry g, float[] gy, int gOff, float[] kd, int kOff, int outC, float[] dx) {
        ImplicitConv.inputGrad(g, gy, gOff, kd, kOff, outC, dx);
    }
}
