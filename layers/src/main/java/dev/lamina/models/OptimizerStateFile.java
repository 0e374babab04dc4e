package dev.lamina.models;

import dev.lamina.optimizers.OptimizerState;
import dev.lamina.tensor.io.AtomicFiles;
import dev.lamina.tensor.io.BoundedFiles;
import dev.lamina.tensor.io.ConfigReader;
import dev.lamina.tensor.io.Json;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
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
        String owner = "OptimizerStateFile: " + source + " is not a valid optimizer state file";
        ConfigReader meta = ConfigReader.ofState(owner, metadata(bytes, source));
        Object format = meta.raw("format", null);
        if (!FORMAT.equals(format)) throw meta.error("expected format '" + FORMAT + "', received " + format);
        String iterationsText = meta.requireString("iterations");
        long iterations;
        try {
            iterations = Long.parseLong(iterationsText);
        } catch (NumberFormatException e) {
            throw meta.error("expected an integer 'iterations', received " + iterationsText);
        }
        Object parsed;
        try {
            parsed = Json.parse(meta.requireString("scalars"));
        } catch (IllegalArgumentException e) {
            throw meta.error("'scalars' is not JSON (" + e.getMessage() + ")");
        }
        ConfigReader scalarsReader = ConfigReader.ofState(owner, Collections.singletonMap("scalars", parsed)).nested("scalars");
        Map<String, Double> scalars = new LinkedHashMap<>();
        for (String k : scalarsReader.keys()) scalars.put(k, scalarsReader.requireDouble(k));
        try {
            return new OptimizerState(iterations, scalars, slots);
        } catch (IllegalArgumentException e) {
            throw meta.error(e.getMessage());
        }
    }

    /** Writes the state atomically (temporary file renamed over {@code path}). */
    public static void write(OptimizerState state, Path path) {
        AtomicFiles.write(path, encode(state));
    }

    /** {@link #read(Path, long)} bounded only by the format (2 GB). */
    public static OptimizerState read(Path path) {
        return read(path, Long.MAX_VALUE);
    }

    /** Reads a file of at most {@code maxBytes} (a larger one is refused before it is read), see {@link #decode}. */
    public static OptimizerState read(Path path, long maxBytes) {
        return decode(BoundedFiles.read(path, maxBytes, "OptimizerStateFile"), path.toString());
    }

    /** The {@code __metadata__} object of a safetensors file already validated by {@link SafeTensors#read}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(byte[] bytes, String source) {
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        Object header = Json.parse(new String(bytes, 8, (int) n, StandardCharsets.UTF_8).strip());
        Object meta = header instanceof Map ? ((Map<?, ?>) header).get("__metadata__") : null;
        if (!(meta instanceof Map)) throw bad(source, "it has no __metadata__ (is it an optimizer state file?)");
        return (Map<String, Object>) meta;   // a parsed JSON object: its keys are strings
    }

    private static IllegalArgumentException bad(String source, String what) {
        return new IllegalArgumentException("OptimizerStateFile: " + source + " is not a valid optimizer state file: " + what);
    }
}
