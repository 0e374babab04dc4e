package dev.lamina.models;

import dev.lamina.optimizers.OptimizerState;
import dev.lamina.tensor.io.AtomicFiles;
import dev.lamina.tensor.io.IoErrors;
import dev.lamina.tensor.io.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A file format for {@link OptimizerState}: a safetensors file whose tensors are the slots, keyed
 * {@code "<variable name>/<slot name>"} as in the state, and whose {@code __metadata__} holds the format name, the
 * iteration count and the scalar state as JSON. Readable from Python with {@code safetensors.numpy.load_file}
 * (slots) and {@code safe_open(...).metadata()} (the rest). Values round-trip bit for bit. Model files
 * ({@code Model.save}) and {@code BackupAndRestore} snapshots both hold the optimizer state in this format.
 */
public final class OptimizerStateFile {
    /** The {@code format} metadata value. */
    public static final String FORMAT = "lamina-optimizer-state";

    private OptimizerStateFile() {
    }

    public static byte[] encode(OptimizerState state) {
        Map<String, dev.lamina.tensor.Tensor> slots = new LinkedHashMap<>();
        for (String k : state.slotKeys()) slots.put(k, state.slot(k));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("iterations", Long.toString(state.iterations()));
        meta.put("scalars", Json.write(state.scalars()));
        return SafeTensors.write(slots, meta);
    }

    /** Decodes {@link #encode}'s bytes; a truncated or foreign file fails naming {@code source}. */
    public static OptimizerState decode(byte[] bytes, String source) {
        Map<String, dev.lamina.tensor.Tensor> slots = SafeTensors.read(bytes, source);   // validates the container
        Map<?, ?> meta = metadata(bytes, source);
        if (!FORMAT.equals(meta.get("format"))) {
            throw bad(source, "expected format '" + FORMAT + "', received " + meta.get("format"));
        }
        long iterations;
        try {
            iterations = Long.parseLong(String.valueOf(meta.get("iterations")));
        } catch (NumberFormatException e) {
            throw bad(source, "expected an integer 'iterations', received " + meta.get("iterations"));
        }
        Object parsed;
        try {
            parsed = Json.parse(String.valueOf(meta.get("scalars")));
        } catch (IllegalArgumentException e) {
            throw bad(source, "'scalars' is not JSON (" + e.getMessage() + ")");
        }
        if (!(parsed instanceof Map)) throw bad(source, "expected 'scalars' to be a JSON object, received " + meta.get("scalars"));
        Map<String, Double> scalars = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) parsed).entrySet()) {
            if (!(e.getValue() instanceof Number)) throw bad(source, "expected scalar '" + e.getKey() + "' to be a number, received " + e.getValue());
            scalars.put((String) e.getKey(), ((Number) e.getValue()).doubleValue());
        }
        try {
            return new OptimizerState(iterations, scalars, slots);
        } catch (IllegalArgumentException e) {
            throw bad(source, e.getMessage());
        }
    }

    /** Writes the state atomically (temporary file renamed over {@code path}). */
    public static void write(OptimizerState state, Path path) {
        AtomicFiles.write(path, encode(state));
    }

    public static OptimizerState read(Path path) {
        try {
            return decode(Files.readAllBytes(path), path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("OptimizerStateFile: cannot read " + path + ": " + IoErrors.reason(e), e);
        }
    }

    /** The {@code __metadata__} object of a safetensors file already validated by {@link SafeTensors#read}. */
    private static Map<?, ?> metadata(byte[] bytes, String source) {
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        Object header = Json.parse(new String(bytes, 8, (int) n, StandardCharsets.UTF_8).strip());
        Object meta = header instanceof Map ? ((Map<?, ?>) header).get("__metadata__") : null;
        if (!(meta instanceof Map)) throw bad(source, "it has no __metadata__ (is it an optimizer state file?)");
        return (Map<?, ?>) meta;
    }

    private static IllegalArgumentException bad(String source, String what) {
        return new IllegalArgumentException("OptimizerStateFile: " + source + " is not a valid optimizer state file: " + what);
    }
}
