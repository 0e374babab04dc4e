package dev.lamina.tensor.kernels;

/**
 * The kernel layer's entry point: the GEMM in use and the threading setting. At start-up the GEMM is
 * {@link VectorGemm} when the JVM runs with {@code --add-modules jdk.incubator.vector}, else {@link EjmlGemm};
 * {@code Kernels.gemm().name()} says which.
 */
public final class Kernels {
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final Parallelism PARALLELISM = new Parallelism(Runtime.getRuntime().availableProcessors());
    private static volatile Gemm gemm = defaultGemm(vectorModulePresent(), PARALLELISM);

    private Kernels() {
    }

    public static Gemm gemm() {
        return gemm;
    }

    public static Parallelism parallelism() {
        return PARALLELISM;
    }

    /** Replaces the GEMM (benchmarks and tests compare kernels through this). Returns the previous one. */
    public static Gemm useGemm(Gemm g) {
        Gemm prev = gemm;
        gemm = g;
        return prev;
    }

    /** True when the Vector API module is in the boot layer, so {@link VectorGemm} can be loaded. */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /**
     * The start-up choice. VectorGemm is loaded by name, and only when the module is present: its kernel class
     * imports {@code jdk.incubator.vector}, which fails to link without the module.
     */
    static Gemm defaultGemm(boolean vectorModule, Parallelism parallelism) {
        if (vectorModule) {
            try {
                return (Gemm) Class.forName("dev.lamina.tensor.kernels.VectorGemm")
                        .getConstructor(Parallelism.class).newInstance(parallelism);
            } catch (ReflectiveOperationException | LinkageError e) {
                System.getLogger(Kernels.class.getName()).log(System.Logger.Level.WARNING,
                        "VectorGemm unavailable, using EJML's GEMM: " + e);
            }
        }
        return new EjmlGemm(parallelism);
    }
}
