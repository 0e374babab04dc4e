package dev.lamina.models.keras;

import dev.lamina.models.Model;
import dev.lamina.tensor.io.Json;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts of a Keras 3 {@code .keras} archive and of a {@code .weights.h5} file for a Lamina model, laid out as
 * Keras 3.15 writes them ({@code keras/src/saving/saving_lib.py}); {@code Model.save} and {@code Model.saveWeights}
 * put them into files. Every method checks the whole model first (layer and optimizer classes Keras has), so a
 * model Keras could not rebuild fails before a file is touched.
 */
public final class KerasWriter {
    /** The Keras release whose layout the files follow (and that loaded them in the project's checks). */
    public static final String KERAS_VERSION = "3.15.1";
    public static final String METADATA = "metadata.json";
    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "model.weights.h5";

    private KerasWriter() {
    }

    /** {@code metadata.json}: Keras' two keys (the layout's Keras version and the local save time) and Lamina's version. */
    public static byte[] metadata(String laminaVersion) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("keras_version", KERAS_VERSION);
        meta.put("date_saved", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss")));
        meta.put("lamina_version", laminaVersion);
        return utf8(meta);
    }

    /** {@code config.json}: the model's Keras 3 config with build and compile configs. */
    public static byte[] config(Model m) {
        return utf8(KerasConfig.of(m));
    }

    /** {@code model.weights.h5} (also a {@code .weights.h5} file): the layers' variables and the optimizer's. */
    public static byte[] weights(Model m) {
        return KerasH5.write(KerasWeights.of(m));
    }

    private static byte[] utf8(Object json) {
        return Json.write(json).getBytes(StandardCharsets.UTF_8);
    }
}
