package dev.lamina.tensor.kernels;

/**
 * The kernels this JVM runs on, chosen once: the vector set ({@link VectorGemm}, {@link VectorLoops} and the
 * convolutions that read windows in place, {@link ConvKernels}) when the {@code jdk.incubator.vector} module is in
 * the boot layer, else the scalar set ({@link EjmlGemm}, {@link ScalarLoops}, no in-place convolutions).
 *
 * <p>This is the package's one reflective load. Every class that imports {@code jdk.incubator.vector} is reached
 * only from {@link VectorKernelSet}, which is loaded by name and only when the module is present: such a class
 * fails to link without the module.
 *
 * @param convolutions null in the scalar set
 */
record KernelSet(String name, Gemm gemm, Loops loops, ConvKernels convolutions) {
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    /** The set in use, for the process's thread setting. */
    static final KernelSet LOADED = load(vectorModulePresent(), ThreadPolicy.GLOBAL);

    /** True when the Vector API module is in the boot layer, so {@link VectorKernelSet} can be loaded. */
    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /** The vector set when {@code vectorModule} (falling back, with a warning, if it fails to load), else the scalar set. */
    static KernelSet load(boolean vectorModule, ThreadPolicy policy) {
        if (vectorModule) {
            try {
                return (KernelSet) Class.forName("dev.lamina.tensor.kernels.VectorKernelSet")
                        .getDeclaredMethod("create", ThreadPolicy.class).invoke(null, policy);
            } catch (ReflectiveOperationException | LinkageError e) {
                System.getLogger(KernelSet.class.getName()).log(System.Logger.Level.WARNING,
                        "The Vector API kernels are unavailable, using EJML's GEMM and plain loops: " + e);
            }
        }
        return new KernelSet("scalar", new EjmlGemm(policy), new ScalarLoops(), null);
    }
}
