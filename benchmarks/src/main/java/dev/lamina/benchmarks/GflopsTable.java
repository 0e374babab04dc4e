package dev.lamina.benchmarks;

import dev.lamina.tensor.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a JMH JSON result file ({@code -rf json -rff results.json}) into Markdown tables: GFLOP/s = ops/s x 2mnk
 * per shape, kernel and thread count for the GEMM benchmarks, and microseconds per call for {@link MatmulBenchmark}.
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.lamina.benchmarks.GflopsTable results.json}.
 */
public final class GflopsTable {
    private GflopsTable() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("GflopsTable: expected one argument (a JMH JSON file), received " + args.length);
        List<?> runs = (List<?>) Json.parse(Files.readString(Path.of(args[0])));
        Map<String, Double> gflops = new TreeMap<>();    // "shape|kernel|threads" -> GFLOP/s
        Map<String, Double> micros = new TreeMap<>();    // "shape|method" -> us/op
        for (Object o : runs) {
            Map<?, ?> run = (Map<?, ?>) o;
            String bench = (String) run.get("benchmark");
            Map<?, ?> params = (Map<?, ?>) run.get("params");
            Map<?, ?> metric = (Map<?, ?>) run.get("primaryMetric");
            double score = ((Number) metric.get("score")).doubleValue();
            String shape = (String) params.get("shape");
            if (bench.contains(".MatmulBenchmark.")) {
                micros.put(shape + "|" + bench.substring(bench.lastIndexOf('.') + 1), score);
            } else {
                Object threads = params.get("threads");
                gflops.put(shape + "|" + params.get("kernel") + "|" + (threads == null ? "1" : threads),
                        score * GemmShapes.flops(shape) / 1e9);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("| shape | m x n x k, form | EJML 1T | Vector 1T | EJML 2T | Vector 2T |\n|---|---|---|---|---|---|\n");
        for (String s : GemmShapes.names()) {
            if (!gflops.containsKey(s + "|ejml|1") && !gflops.containsKey(s + "|vector|1")) continue;
            out.append("| ").append(s).append(" | ").append(GemmShapes.describe(s));
            for (String key : new String[]{"ejml|1", "vector|1", "ejml|2", "vector|2"}) out.append(" | ").append(cell(gflops.get(s + "|" + key)));
            out.append(" |\n");
        }
        if (!micros.isEmpty()) {
            out.append("\n| shape | m x n x k, form | Kernels.gemm() us | Ops.matmul us | overhead us |\n|---|---|---|---|---|\n");
            for (String s : GemmShapes.names()) {
                Double g = micros.get(s + "|gemm"), m = micros.get(s + "|matmul");
                if (g == null || m == null) continue;
                out.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f |%n", s, GemmShapes.describe(s), g, m, m - g));
            }
        }
        System.out.print(out);
    }

    private static String cell(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }
}
