package dev.lamina.models;

import dev.lamina.layers.WeightBudget;
import dev.lamina.models.keras.KerasCompileConfig;
import dev.lamina.models.keras.KerasConfigReader;
import dev.lamina.models.keras.KerasH5Reader;
import dev.lamina.models.keras.KerasWeightsReader;
import dev.lamina.optimizers.OptimizerState;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.Json;
import dev.lamina.training.CompileOptions;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Keras' own files into Lamina models: the glue between the readers in {@code models.keras} and the model loader.
 * Every model is rebuilt from its config first (all layer options checked), then its weights are read with each
 * dataset's shape checked before its data, then it is compiled; any failure throws before a model is returned.
 */
final class KerasLoading {
    static final String KERAS_WEIGHTS = "model.weights.h5";
    private static final System.Logger LOG = System.getLogger(KerasLoading.class.getName());
    private static final int MAX_CONFIG_BYTES = 64 << 20;

    private KerasLoading() {
    }

    static Model fromJson(String json) {
        if (json == null) throw new IllegalArgumentException("Model.fromJson: expected Keras model JSON, received null");
        return build(translate(() -> KerasConfigReader.toLamina(json), "Model.fromJson"), "Model.fromJson", -1, "");
    }

    /** Whether the file starts with the HDF5 signature. */
    static boolean isHdf5(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return KerasH5Reader.hasSignature(in.readNBytes(KerasH5Reader.SIGNATURE.length));
        } catch (IOException e) {
            return false;                       // the caller's own read reports the I/O error
        }
    }

    /** {@code loadWeights} of an HDF5 file: Keras 3 {@code .weights.h5}, tf.keras {@code save_weights} or a whole-model {@code .h5}. */
    static void loadWeights(Model m, Path path) {
        try (KerasH5Reader h5 = KerasH5Reader.open(path)) {
            m.setWeights(weightsOf(m, h5));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(who(m) + ".loadWeights: " + e.getMessage(), e);
        }
    }

    private static List<Tensor> weightsOf(Model m, KerasH5Reader h5) {
        Group root = h5.group("");
        if (h5.strings(root, "layer_names") != null) return KerasWeightsReader.legacy(m, h5, root);
        Group mw = h5.group("model_weights");
        if (mw != null) return KerasWeightsReader.legacy(m, h5, mw);
        return KerasWeightsReader.keras3(m, h5);
    }

    /** A legacy whole-model {@code .h5} ({@code model.save("x.h5")}): {@code model_config}, {@code model_weights}, {@code training_config}. */
    static Model loadH5(Path path, boolean compile) {
        String op = "Model.load";
        try (KerasH5Reader h5 = KerasH5Reader.open(path)) {
            Group root = h5.group("");
            String config = h5.stringAttribute(root, "model_config");
            if (config == null) {
                throw new IllegalArgumentException(path + " is an HDF5 file without a model_config attribute (a weights file? build the model, then call loadWeights)");
            }
            Map<String, Object> lamina = translate(() -> KerasConfigReader.toLamina(config), op + ": " + path + ": model_config");
            Model m = build(lamina, op + ": " + path, Files.size(path), path.toString());
            Group weights = h5.group("model_weights");
            if (weights == null) throw new IllegalArgumentException(path + " has no model_weights group");
            m.setWeights(KerasWeightsReader.legacy(m, h5, weights));
            String training = h5.stringAttribute(root, "training_config");
            if (compile && training != null) compile(m, parse(training, "training_config", path), null, null, path);
            return m;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(op + ": cannot read " + path + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(op) ? e : new IllegalArgumentException(op + ": " + path + ": " + e.getMessage(), e);
        }
    }

    /** A Keras 3 {@code .keras} zip (entries already checked by {@link ModelZip}). */
    static Model loadKeras(ZipFile zip, Map<String, ZipEntry> entries, Path path, boolean compile) throws IOException {
        String op = "Model.load";
        ZipEntry weightsEntry = entries.get(KERAS_WEIGHTS);
        ZipEntry configEntry = entries.get(ModelSaving.CONFIG);
        if (configEntry == null) throw new IllegalArgumentException(op + ": " + path + " has " + KERAS_WEIGHTS + " but no " + ModelSaving.CONFIG);
        long declared = ModelZip.declaredSize(weightsEntry, Integer.MAX_VALUE - 8, path);
        Object parsed = parse(new String(ModelZip.read(zip, configEntry, MAX_CONFIG_BYTES, path), StandardCharsets.UTF_8), ModelSaving.CONFIG, path);
        Map<String, Object> lamina = translate(() -> KerasConfigReader.toLamina(parsed), op + ": " + path + "!/" + ModelSaving.CONFIG);
        Model m = build(lamina, op + ": " + path, declared, path + "!/" + KERAS_WEIGHTS);
        byte[] bytes = ModelZip.read(zip, weightsEntry, Math.min(Integer.MAX_VALUE - 8, ModelWeights.readLimit(m)), path);
        try (KerasH5Reader h5 = KerasH5Reader.fromBytes(bytes, path + "!/" + KERAS_WEIGHTS)) {
            m.setWeights(KerasWeightsReader.keras3(m, h5));
            Object cc = ((Map<?, ?>) parsed).get("compile_config");
            if (compile && cc != null) {
                Node opt = h5.group("optimizer");
                Node vars = opt instanceof Group ? h5.child((Group) opt, "vars") : null;
                compile(m, cc, h5, vars instanceof Group ? (Group) vars : null, path);
            }
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(op) ? e : new IllegalArgumentException(op + ": " + e.getMessage(), e);
        }
        return m;
    }

    /** Compiles as Keras' load_model does, then restores the optimizer's variables when the file has them. */
    private static void compile(Model m, Object compileConfig, KerasH5Reader h5, Group optimizerVars, Path path) {
        CompileOptions o;
        try {
            o = KerasCompileConfig.compileOptions(compileConfig);
            if (o == null) return;
            m.compile(o);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Model.load: cannot compile the model in " + path + " from its Keras compile config: "
                    + e.getMessage() + " (Model.load(path, false) loads it uncompiled)", e);
        }
        if (optimizerVars == null) return;
        Map<?, ?> cc = (Map<?, ?>) compileConfig;
        Object optEnv = cc.get("optimizer");
        @SuppressWarnings("unchecked")
        Map<String, Object> optConfig = optEnv instanceof Map && ((Map<?, ?>) optEnv).get("config") instanceof Map
                ? (Map<String, Object>) ((Map<?, ?>) optEnv).get("config") : Map.of();
        OptimizerState s = KerasCompileConfig.optimizerState(h5, optimizerVars, m.getOptimizer(), m.trainableWeights(), optConfig);
        if (s == null) {
            LOG.log(System.Logger.Level.WARNING, "Model.load: " + path + ": the optimizer's saved variables do not fit "
                    + m.getOptimizer().className() + "; it starts fresh (as Keras skips them)");
            return;
        }
        m.getOptimizer().importState(s, m.trainableWeights());
    }

    private static Map<String, Object> translate(java.util.function.Supplier<Map<String, Object>> t, String op) {
        try {
            return t.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": " + e.getMessage(), e);
        }
    }

    /** The model of a translated config; with {@code weightBytes} >= 0, no layer may allocate more than a file of that size can fill. */
    private static Model build(Map<String, Object> lamina, String op, long weightBytes, String source) {
        try {
            if (weightBytes < 0) return ModelLoader.fromConfig(lamina);
            return WeightBudget.loading(ModelWeights.readLimit(weightBytes), source, () -> ModelLoader.fromConfig(lamina));
        } catch (RuntimeException | StackOverflowError e) {
            throw new IllegalArgumentException(op + ": cannot build the Keras model: " + e.getMessage(), e);
        }
    }

    private static Object parse(String json, String what, Path path) {
        try {
            return Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Model.load: " + path + ": " + what + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static String who(Model m) {
        return ModelConfig.className(m) + " '" + m.name() + "'";
    }
}
