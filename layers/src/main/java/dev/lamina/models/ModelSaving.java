package dev.lamina.models;

import dev.lamina.layers.WeightBudget;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.AtomicFiles;
import dev.lamina.tensor.io.IoErrors;
import dev.lamina.tensor.io.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Whole-model files, laid out like Keras' {@code .keras}: a zip (entries stored, not compressed) of
 * {@code metadata.json}, {@code config.json} ({@code {"class_name", "config"}}) and
 * {@code model.weights.safetensors}. Loading rebuilds the layers from the config, then checks and copies the
 * weights; any failure throws before a model is returned.
 */
final class ModelSaving {
    static final String LAMINA_VERSION = "0.1.0";
    static final String CONFIG = "config.json";
    static final String METADATA = "metadata.json";
    static final String WEIGHTS = "model.weights.safetensors";
    private static final int MAX_CONFIG_BYTES = 64 << 20;
    private static final int MAX_WEIGHTS_BYTES = Integer.MAX_VALUE - 8;   // SafeTensors decodes from one array

    private ModelSaving() {
    }

    static void save(Model m, Path path) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("class_name", ModelConfig.className(m));
        root.put("config", m.getConfig());
        byte[] config = Json.write(root).getBytes(StandardCharsets.UTF_8);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("lamina_version", LAMINA_VERSION);
        meta.put("date_saved", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss")));
        byte[] metadata = Json.write(meta).getBytes(StandardCharsets.UTF_8);
        byte[] weights = ModelWeights.encode(m, "save");
        AtomicFiles.write(path, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            stored(zip, METADATA, metadata);
            stored(zip, CONFIG, config);
            stored(zip, WEIGHTS, weights);
            zip.finish();
        });
    }

    private static void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry e = new ZipEntry(name);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        e.setMethod(ZipEntry.STORED);
        e.setSize(bytes.length);
        e.setCompressedSize(bytes.length);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(bytes);
        zip.closeEntry();
    }

    static Model load(Path path) {
        String source = path + "!/" + WEIGHTS;
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Map<String, ZipEntry> entries = ModelZip.entries(zip, path);
            byte[] config = ModelZip.read(zip, ModelZip.required(entries, CONFIG, path), MAX_CONFIG_BYTES, path);
            ZipEntry weightsEntry = ModelZip.required(entries, WEIGHTS, path);
            long declared = ModelZip.declaredSize(weightsEntry, MAX_WEIGHTS_BYTES, path);
            Object parsed;
            try {
                parsed = Json.parse(new String(config, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Model.load: " + path + ": " + CONFIG + " is not valid JSON: " + e.getMessage(), e);
            }
            Model m;
            try {
                // No layer may allocate more than the weights entry could fill; the load overwrites every value anyway.
                m = WeightBudget.loading(ModelWeights.readLimit(declared), source, () -> ModelLoader.fromConfig(parsed));
            } catch (RuntimeException | StackOverflowError e) {
                throw new IllegalArgumentException("Model.load: cannot rebuild the model in " + path + ": " + e.getMessage(), e);
            }
            byte[] weights = ModelZip.read(zip, weightsEntry, Math.min(MAX_WEIGHTS_BYTES, ModelWeights.readLimit(m)), path);
            Map<String, Tensor> tensors = SafeTensors.read(weights, source);
            ModelWeights.assign(m, tensors, source, "load");
            return m;
        } catch (ZipException e) {
            throw new IllegalArgumentException("Model.load: " + path + " is not a model file (a zip of " + CONFIG + ", " + METADATA
                    + " and " + WEIGHTS + "): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Model.load: cannot read " + path + ": " + IoErrors.reason(e), e);
        }
    }
}
