package dev.lamina.tensor.kernels;

/**
 * Convolution as GEMM without building the patch matrix ("implicit GEMM"), for windows that lie inside the input
 * (no padding cell is read). Patch element {@code p} (kernel row, column, channel) of output pixel {@code q} is
 * the input value at {@code pixel(q) + patch(p)}: the offset of q's window corner in the NHWC input plus the
 * offset of p from the corner. Patch elements come in runs of consecutive input values (a kernel row's columns and
 * channels, {@link #runLength}). The three products:
 * <ul>
 * <li>forward, {@code y = patches · W}: tile rows are output pixels (row offsets {@code pixel(q)}), W packed into
 * {@code NR}-wide panels; along a run the patch offsets are the loop counter plus a constant, so runs of at least
 * {@link #MIN_RUN} are read by {@link ImplicitTile#tileRuns} without a bounds check per value;</li>
 * <li>kernel gradient, {@code dW = patches^T · dY}, summed over blocks of output pixels: with runs of at least
 * {@link #MIN_RUN}, as {@code dW^T = dY^T · patches} ({@link #kernelGradByRuns}); with shorter runs (one input
 * channel), {@link ImplicitTile#tile} with rows of patch elements (row offsets {@code patch(p)}) and per-step
 * offsets {@code pixel(q)};</li>
 * <li>input gradient, {@code dPatches = dY · W^T} scattered onto the windows (col2im): a few rows of dPatches at a
 * time, added while in L1 ({@link #inputGrad}).</li>
 * </ul>
 * Against im2col + GEMM this skips writing and re-reading the patches (kernel cells times the input), and reads
 * windows of images that stay in cache (figures in benchmarks/README.md). Every
 * element is one FMA chain over its k in order (the kernel gradient: per block of {@link #Q_BLOCK} pixels, blocks
 * added in order; the input gradient: col2im's order); threads split rows, tiles of patch elements or images, so
 * results do not depend on the thread count.
 * Loaded only with the {@code jdk.incubator.vector} module (through {@link VectorKernelSet}). Internal.
 */
final class ImplicitConv {
    static final int MR = ImplicitTile.MR;
    static final int NR = VectorKernel.NR;
    /** Forward: output pixels per block; each W panel sweeps a block's windows while they are in cache. */
    static final int ROW_BLOCK = 30 * MR;
    /** Kernel gradient: output pixels summed in registers before a tile is added to dW. */
    static final int Q_BLOCK = 256;
    /**
     * Kernel gradient with runs shorter than {@link #MIN_RUN}: up to this many patch elements, dY is read in place;
     * packing it costs a copy per block and pays when many row tiles reuse it (a threshold measured on W4's
     * convolutions; figures in benchmarks/README.md). Counted in elements, not tiles, so the tile height does not move it
     * (24 = four 6-row tiles, the threshold as measured).
     */
    static final int IN_PLACE_PATCH = 24;
    /**
     * Runs of consecutive patch elements at least a tile wide are read as runs: no bounds check per value, and
     * the forward and kernel gradient run clearly faster than value by value (figures in benchmarks/README.md).
     */
    static final int MIN_RUN = NR;
    private static final WorkerPool WORKERS = WorkerPool.SHARED;
    private static final VectorLoops EPILOGUE = new VectorLoops();

    private ImplicitConv() {
    }

    /** Whether this convolution's forward and kernel gradient run here: windows inside the input, half a tile of filters. */
    static boolean applies(ConvGeometry g, int outC) {
        boolean inside = g.padTop == 0 && g.padLeft == 0
                && (g.outH - 1) * g.strideH + (g.kernelH - 1) * g.dilationH < g.height
                && (g.outW - 1) * g.strideW + (g.kernelW - 1) * g.dilationW < g.width;
        return inside && outC >= NR / 2 && g.patchSize() > 0;
    }

    /**
     * {@code y [batch*outPixels, outC]} (from 0) = {@code act(patches · W + bias)}, W the HWIO kernel viewed as
     * {@code [patch, outC]}, {@code bias} optional and {@code act} relu or the identity, applied to each block of rows
     * while it is in cache (the same float operations as {@link Loops#biasRelu} after).
     */
    static void forward(ConvGeometry g, float[] x, int xOff, float[] kd, int kOff, int outC, float[] bias, int bOff,
                        boolean relu, float[] y) {
        forward(g, x, xOff, kd, kOff, outC, bias, bOff, relu, y, runLength(g) >= MIN_RUN);
    }

    /** {@link #forward}, with A read by runs ({@link ImplicitTile#tileRuns}) or value by value (the same bits). */
    static void forward(ConvGeometry g, float[] x, int xOff, float[] kd, int kOff, int outC, float[] bias, int bOff,
                        boolean relu, float[] y, boolean byRuns) {
        int k = g.patchSize(), m = g.batch * g.outPixels();
        float[] bp = Workspace.get(Workspace.PACKED, k * VectorGemm.roundUp(outC, NR));     // the workers only read it
        VectorKernel.packB(false, kd, kOff, outC, k, 0, outC, 0, k, bp, 0);
        int runLen = runLength(g), runs = k / runLen;
        int[] runOff = runOffsets(g, runLen), patch = byRuns ? null : patchOffsets(g);
        int tiles = VectorGemm.ceilDiv(m, MR);
        int parts = threads((long) m * outC * k, tiles);
        WORKERS.run(parts, i -> {
            int from = (int) ((long) tiles * i / parts) * MR, to = (int) Math.min(m, (long) tiles * (i + 1) / parts * MR);
            int[] rowOff = new int[ROW_BLOCK], aRow = new int[MR], cRow = new int[MR];
            float[] tmp = new float[MR * NR];
            for (int r0 = from; r0 < to; r0 += ROW_BLOCK) {
                int r1 = Math.min(to, r0 + ROW_BLOCK);
                pixelOffsets(g, xOff, r0, r1 - r0, rowOff);
                for (int jr = 0; jr < outC; jr += NR) {
                    for (int ir = r0; ir < r1; ir += MR) {
                        int rows = Math.min(MR, r1 - ir);
                        for (int r = 0; r < MR; r++) {
                            aRow[r] = rowOff[ir - r0 + Math.min(r, rows - 1)];
                            cRow[r] = (ir + r) * outC;
                        }
                        if (byRuns) ImplicitTile.tileRuns(runs, runLen, x, aRow, runOff, bp, jr * k, y, cRow, jr, rows, Math.min(NR, outC - jr), false, tmp);
                        else ImplicitTile.tile(k, x, aRow, patch, 0, bp, jr * k, NR, y, cRow, jr, rows, Math.min(NR, outC - jr), false, tmp);
                    }
                }
                if (bias != null || relu) EPILOGUE.biasRelu(y, r0 * outC, r1 - r0, outC, bias, bOff, relu);
            }
        });
    }

    /** {@code dk [patch, outC]} (from 0) = patches^T · dY, or {@code dk +=} that when {@code accumulate}. */
    static void kernelGrad(ConvGeometry g, float[] x, int xOff, float[] gy, int gOff, int outC, float[] dk, boolean accumulate) {
        if (runLength(g) >= MIN_RUN) kernelGradByRuns(g, x, xOff, gy, gOff, outC, dk, accumulate);
        else kernelGradByElements(g, x, xOff, gy, gOff, outC, dk, accumulate);
    }

    /** The kernel gradient with tile rows of patch elements, read value by value through their offsets. */
    static void kernelGradByElements(ConvGeometry g, float[] x, int xOff, float[] gy, int gOff, int outC, float[] dk,
                                     boolean accumulate) {
        int k = g.patchSize(), m = g.batch * g.outPixels();
        int[] patch = patchOffsets(g);
        int tiles = VectorGemm.ceilDiv(k, MR);
        // dY's rows are read in place, a tile's width at a time, when few tiles reuse them; else packed per block.
        boolean inPlace = outC % NR == 0 && k <= IN_PLACE_PATCH;
        int parts = threads((long) m * outC * k, tiles);
        WORKERS.run(parts, i -> {
            int from = (int) ((long) tiles * i / parts) * MR, to = (int) Math.min(k, (long) tiles * (i + 1) / parts * MR);
            int[] qOff = new int[Q_BLOCK], aRow = new int[MR], cRow = new int[MR];
            float[] tmp = new float[MR * NR];
            float[] bp = inPlace ? gy : Workspace.get(Workspace.PACKED, Q_BLOCK * VectorGemm.roundUp(outC, NR));
            for (int q0 = 0; q0 < m; q0 += Q_BLOCK) {
                int qn = Math.min(Q_BLOCK, m - q0);
                pixelOffsets(g, xOff, q0, qn, qOff);
                if (!inPlace) VectorKernel.packB(false, gy, gOff, outC, m, 0, outC, q0, qn, bp, 0);
                boolean add = accumulate || q0 > 0;
                for (int ir = from; ir < to; ir += MR) {
                    int rows = Math.min(MR, to - ir);
                    for (int r = 0; r < MR; r++) {
                        aRow[r] = patch[ir + Math.min(r, rows - 1)];
                        cRow[r] = (ir + r) * outC;
                    }
                    for (int jr = 0; jr < outC; jr += NR) {
                        int b0 = inPlace ? gOff + q0 * outC + jr : jr * qn, ldb = inPlace ? outC : NR;
                        ImplicitTile.tile(qn, x, aRow, qOff, 0, bp, b0, ldb, dk, cRow, jr, rows, Math.min(NR, outC - jr), add, tmp);
                    }
                }
            }
        });
    }

    /**
     * The kernel gradient as {@code dW^T = dY^T · patches}, for patches whose runs hold at least a tile's width: a
     * tile is {@code MR} filters by {@code NR} consecutive patch elements of one run, which are {@code NR} consecutive
     * input values of each pixel's window. Per block of {@link #Q_BLOCK} pixels, dY is packed into {@code MR}-filter
     * panels and, per tile column, the pixels' {@code NR} values into one B panel (a block of im2col's patches, in
     * L1) that all filter panels reuse, so {@link VectorKernel#tile} runs at its packed rate. A run's last tile ends
     * at the run's end, overlapping the one before when the run is not a whole number of tiles, and writes only its
     * new columns. Each element is the same FMA chain over a block's pixels as with rows of patch elements, so the
     * two forms give the same bits; threads split the tiles of patch elements.
     */
    static void kernelGradByRuns(ConvGeometry g, float[] x, int xOff, float[] gy, int gOff, int outC, float[] dk,
                                         boolean accumulate) {
        int k = g.patchSize(), m = g.batch * g.outPixels();
        int runLen = runLength(g), runs = k / runLen, perRun = VectorGemm.ceilDiv(runLen, NR), tiles = runs * perRun;
        int[] runOff = runOffsets(g, runLen);
        int panels = VectorGemm.ceilDiv(outC, MR);
        int parts = threads((long) m * outC * k, tiles);
        WORKERS.run(parts, i -> {
            int from = (int) ((long) tiles * i / parts), to = (int) ((long) tiles * (i + 1) / parts);
            int[] qOff = new int[Q_BLOCK];
            float[] acc = new float[MR * NR];
            float[] ap = Workspace.get(Workspace.PACKED, Q_BLOCK * panels * MR);
            float[] bp = Workspace.get(Workspace.PATCHES, Q_BLOCK * NR);
            for (int q0 = 0; q0 < m; q0 += Q_BLOCK) {
                int qn = Math.min(Q_BLOCK, m - q0);
                pixelOffsets(g, xOff, q0, qn, qOff);
                VectorKernel.packA(true, gy, gOff + q0 * outC, outC, qn, 0, outC, 0, qn, ap, 0);
                boolean add = accumulate || q0 > 0;
                for (int t = from; t < to; t++) {
                    int s = t / perRun, jt = t % perRun * NR, j0 = Math.min(jt, runLen - NR);
                    int p0 = s * runLen + j0;
                    VectorKernel.packRows(x, qOff, qn, runOff[s] + j0, bp);
                    for (int f = 0; f < panels; f++) {
                        // a full tile (MR x NR, padded panels) is written straight into acc: no spill buffer used
                        VectorKernel.tile(qn, ap, f * qn * MR, bp, 0, acc, 0, NR, MR, NR, false, acc);
                        int rows = Math.min(MR, outC - f * MR);
                        for (int j = jt - j0; j < NR; j++) {
                            int d = (p0 + j) * outC + f * MR;
                            for (int r = 0; r < rows; r++) {
                                if (add) dk[d + r] += acc[r * NR + j];
                                else dk[d + r] = acc[r * NR + j];
                            }
                        }
                    }
                }
            }
        });
    }

    /**
     * {@code dx +=} the input gradient: per tile of {@code MR} output pixels, their rows of {@code dPatches = dY · W^T}
     * (one GEMM tile per {@code NR} patch elements, into a buffer of {@code MR} rows) are added onto the pixels'
     * windows in dx, pixel after pixel, each along its runs. That is GEMM + col2im without the patch matrix: the same
     * values, added in the same order. Threads split images, whose windows do not overlap, so the result does not
     * depend on the thread count.
     */
    static void inputGrad(ConvGeometry g, float[] gy, int gOff, float[] kd, int kOff, int outC, float[] dx) {
        int k = g.patchSize(), pixels = g.outPixels(), m = g.batch * pixels;
        int runLen = runLength(g), runs = k / runLen;
        int[] runOff = runOffsets(g, runLen);
        int kr = VectorGemm.roundUp(k, NR);
        float[] bp = Workspace.get(Workspace.PACKED, kr * outC);         // W^T's panels; the workers only read it
        VectorKernel.packB(true, kd, kOff, k, outC, 0, k, 0, outC, bp, 0);
        int parts = threads((long) m * outC * k, g.batch);
        WORKERS.run(parts, i -> {
            int from = (int) ((long) g.batch * i / parts) * pixels, to = (int) ((long) g.batch * (i + 1) / parts) * pixels;
            int[] qOff = new int[MR];
            float[] ap = new float[MR * outC], rowsBuf = new float[MR * kr], tmp = new float[MR * NR];
            for (int q = from; q < to; q += MR) {
                int rows = Math.min(MR, to - q);
                pixelOffsets(g, 0, q, rows, qOff);
                VectorKernel.packA(false, gy, gOff, m, outC, q, rows, 0, outC, ap, 0);
                for (int jr = 0; jr < k; jr += NR) {
                    VectorKernel.tile(outC, ap, 0, bp, jr * outC, rowsBuf, jr, kr, MR, Math.min(NR, k - jr), false, tmp);
                }
                for (int r = 0; r < rows; r++) {
                    for (int s = 0; s < runs; s++) EPILOGUE.addInto(dx, qOff[r] + runOff[s], rowsBuf, r * kr + s * runLen, runLen);
                }
            }
        });
    }

    private static int threads(long multiplyAdds, int units) {
        ThreadPolicy p = ThreadPolicy.GLOBAL;
        return p.useThreads(multiplyAdds) ? Math.min(p.maxThreads(), units) : 1;
    }

    /** Offsets from a window's corner of its patch elements, in im2col's order (kernel row, column, channel). */
    static int[] patchOffsets(ConvGeometry g) {
        int[] offs = new int[g.patchSize()];
        int p = 0;
        for (int a = 0; a < g.kernelH; a++) {
            for (int b = 0; b < g.kernelW; b++) {
                int cell = (a * g.dilationH * g.width + b * g.dilationW) * g.channels;
                for (int ch = 0; ch < g.channels; ch++) offs[p++] = cell + ch;
            }
        }
        return offs;
    }

    /**
     * Patch elements in a run of consecutive input values: a kernel row's columns and channels when the columns are
     * adjacent (dilation 1), else one cell's channels.
     */
    static int runLength(ConvGeometry g) {
        return g.dilationW == 1 ? g.kernelW * g.channels : g.channels;
    }

    /** Offsets from a window's corner of the runs' first patch elements, in im2col's order. */
    static int[] runOffsets(ConvGeometry g, int runLen) {
        int[] patch = patchOffsets(g);
        int[] offs = new int[patch.length / runLen];
        for (int s = 0; s < offs.length; s++) offs[s] = patch[s * runLen];
        return offs;
    }

    /** {@code out[i]} = {@code base} + the input offset of the window corner of output pixel {@code q0 + i}, i < n. */
    static void pixelOffsets(ConvGeometry g, int base, int q0, int n, int[] out) {
        int pixels = g.outPixels();
        int img = q0 / pixels, oy = q0 % pixels / g.outW, ox = q0 % g.outW;
        for (int i = 0; i < n; i++) {
            out[i] = base + img * g.imageSize() + (oy * g.strideH * g.width + ox * g.strideW) * g.channels;
            if (++ox == g.outW) {
                ox = 0;
                if (++oy == g.outH) {
                    oy = 0;
                    img++;
                }
            }
        }
    }
}
