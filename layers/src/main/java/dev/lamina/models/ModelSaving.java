package dev.lamina.models;

import dev.lamina.layers.WeightBudget;
import dev.lamina.models.keras.KerasWriter;
import dev.lamina.optimizers.OptimizerState;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;
import dev.lamina.tensor.io.AtomicFiles;
import dev.lamina.tensor.io.IoErrors;
import dev.lamina.training.CompileConfig;
import dev.lamina.tensor.io.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Whole-model files, laid out like Keras' {@code .keras}: a zip (entries stored, not compressed) of
 * {@code metadata.json}, {@code config.json} ({@code {"class_name", "config"}}, and {@code "compile_config"} for a
 * compiled model), {@code model.weights.safetensors} and, for a compiled model, {@code optimizer.safetensors}
 * ({@link OptimizerStateFile}). Loading rebuilds the layers from the config, then checks and copies the weights,
 * then (as Keras' {@code load_model}) compiles the model as it was and restores the optimizer state; any failure
 * throws before a model is returned. Files without a compile config load uncompiled.
 */
final class ModelSaving {
    static final String LAMINA_VERSION = "0.1.0";
    static final String CONFIG = "config.json";
    static final String METADATA = "metadata.json";
    static final String WEIGHTS = "model.weights.safetensors";
    static final String OPTIMIZER = "optimizer.safetensors";
    static final String COMPILE_CONFIG = "compile_config";
    private static final int MAX_CONFIG_BYTES = 64 << 20;
    private static final int MAX_WEIGHTS_BYTES = Integer.MAX_VALUE - 8;   // SafeTensors decodes from one array

    private ModelSaving() {
    }

    static void save(Model m, Path path) {
        String file = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (file.endsWith(".weights.h5")) {
            throw new IllegalArgumentException("Model.save: " + path + " is a weights file name; saveWeights(path) writes .weights.h5,"
                    + " save(path) writes a whole model to a .keras name");
        }
        if (file.endsWith(".h5") || file.endsWith(".hdf5")) {
            throw new IllegalArgumentException("Model.save: " + path + ": Lamina does not write Keras' legacy HDF5 model format;"
                    + " expected a .keras name (Keras 3's format) or another name for Lamina's own zip");
        }
        if (file.endsWith(".keras")) {
            saveKeras(m, path);
            return;
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("class_name", ModelConfig.className(m));
        root.put("config", m.getConfig());
        if (m.isSubclassed()) root.put(SubclassedModels.BUILD_CONFIG, SubclassedModels.buildConfig(m));
        if (m.isCompiled()) root.put(COMPILE_CONFIG, CompileConfig.toConfig(m.compiled()));
        byte[] config = Json.write(root).getBytes(StandardCharsets.UTF_8);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("lamina_version", LAMINA_VERSION);
        meta.put("date_saved", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss")));
        byte[] metadata = Json.write(meta).getBytes(StandardCharsets.UTF_8);
        byte[] weights = ModelWeights.encode(m, "save");
        byte[] optimizer = m.isCompiled() ? OptimizerStateFile.encode(m.getOptimizer().exportState()) : null;
        AtomicFiles.write(path, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            stored(zip, METADATA, metadata);
            stored(zip, CONFIG, config);
            stored(zip, WEIGHTS, weights);
            if (optimizer != null) stored(zip, OPTIMIZER, optimizer);
            zip.finish();
        });
    }

    /** A Keras 3 {@code .keras} archive: metadata, config and HDF5 weights, stored, in Keras' order. */
    static void saveKeras(Model m, Path path) {
        byte[] config = KerasWriter.config(m);
        byte[] weights = KerasWriter.weights(m);
        byte[] metadata = KerasWriter.metadata(LAMINA_VERSION);
        AtomicFiles.write(path, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            stored(zip, KerasWriter.METADATA, metadata);
            stored(zip, KerasWriter.CONFIG, config);
            stored(zip, KerasWriter.WEIGHTS, weights);
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

    static Model load(Path path, boolean compile) {
        if (KerasLoading.isHdf5(path)) return KerasLoading.loadH5(path, compile);       // Keras' legacy whole-model .h5
        String source = path + "!/" + WEIGHTS;
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Map<String, ZipEntry> entries = ModelZip.entries(zip, path);
            if (!entries.containsKey(WEIGHTS) && entries.containsKey(KerasLoading.KERAS_WEIGHTS)) {
                return KerasLoading.loadKeras(zip, entries, path, compile);               // a Keras 3 .keras
            }
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
                m = WeightBudget.loading(ModelWeights.readLimit(declared), source, () -> SubclassedModels.built(ModelLoader.fromConfig(parsed), parsed));
            } catch (RuntimeException | StackOverflowError e) {
                throw new IllegalArgumentException("Model.load: cannot rebuild the model in " + path + ": " + e.getMessage(), e);
            }
            byte[] weights = ModelZip.read(zip, weightsEntry, Math.min(MAX_WEIGHTS_BYTES, ModelWeights.readLimit(m)), path);
            Map<String, Tensor> tensors = SafeTensors.read(weights, source);
            ModelWeights.assign(m, tensors, source, "load");
            Object compileConfig = parsed instanceof Map ? ((Map<?, ?>) parsed).get(COMPILE_CONFIG) : null;
            if (compile && compileConfig != null) {
                ZipEntry optimizerEntry = entries.get(OPTIMIZER);
                // Slots are at most a few per weight: twice the weights' own bound covers every optimizer here.
                byte[] optimizer = optimizerEntry == null ? null
                        : ModelZip.read(zip, optimizerEntry, Math.min(MAX_WEIGHTS_BYTES, 2 * ModelWeights.readLimit(m)), path);
                restoreCompile(m, compileConfig, optimizer, path);
            }
            return m;
        } catch (ZipException e) {
            throw new IllegalArgumentException("Model.load: " + path + " is not a model file (a zip of " + CONFIG + ", " + METADATA
                    + " and " + WEIGHTS + "): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Model.load: cannot read " + path + ": " + IoErrors.reason(e), e);
        }
    }

    /** Compiles the loaded model as it was saved and restores the optimizer state, so fit continues where it was. */
    private static void restoreCompile(Model m, Object compileConfig, byte[] optimizer, Path path) {
        try {
            m.compile(CompileConfig.fromConfig(compileConfig, m.outputNames().size()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Model.load: cannot compile the model in " + path + " from its " + CONFIG + " "
                    + COMPILE_CONFIG + ": " + e.getMessage() + " (Model.load(path, false) loads it uncompiled)", e);
        }
        if (optimizer == null) return;
        String source = path + "!/" + OPTIMIZER;
        OptimizerState state = OptimizerStateFile.decode(optimizer, source);
        state = byStructure(state, m.trainableWeights());
        Set<String> owners = new HashSet<>();
        for (String k : state.slotKeys()) owners.add(k.substring(0, k.lastIndexOf('/')));
        List<Variable> vars = new ArrayList<>();      // those with saved slots; any other gets fresh ones at its first update
        for (Variable v : m.trainableWeights()) if (owners.contains(v.name())) vars.add(v);
        try {
            m.getOptimizer().importState(state, vars);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Model.load: " + source + " does not fit the model: " + e.getMessage(), e);
        }
    }

    /**
     * The saved slots renamed to the model's variables in order when their names differ (a subclassed model's
     * layers get new automatic names when rebuilt), as weights match by structure; otherwise the state as saved.
     */
    private static OptimizerState byStructure(OptimizerState state, List<Variable> vars) {
        Set<String> owners = new java.util.LinkedHashSet<>();
        for (String k : state.slotKeys()) owners.add(k.substring(0, k.lastIndexOf('/')));
        Set<String> names = new HashSet<>();
        for (Variable v : vars) names.add(v.name());
        if (names.containsAll(owners) || owners.size() != vars.size()) return state;
        Map<String, String> rename = new java.util.HashMap<>();
        int i = 0;
        for (String o : owners) rename.put(o, vars.get(i++).name());
        Map<String, Tensor> slots = new LinkedHashMap<>();
        for (String k : state.slotKeys()) {
            int cut = k.lastIndexOf('/');
            slots.put(rename.get(k.substring(0, cut)) + k.substring(cut), state.slot(k));
        }
        return new OptimizerState(state.iterations(), state.scalars(), slots);
    }
}
