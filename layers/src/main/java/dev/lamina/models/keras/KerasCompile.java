package dev.lamina.models.keras;

import dev.lamina.models.Model;
import dev.lamina.training.CompileConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled model's {@code compile_config} as Keras 3's {@code Trainer.get_compile_config} writes it: the optimizer
 * envelope, then loss, loss weights, metrics and weighted metrics, bare for one output and keyed by output name for
 * several (an output without a loss is left out, as Keras' dict form allows), then Keras' fixed execution options.
 */
final class KerasCompile {
    private KerasCompile() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> of(Model m) {
        Map<String, Object> lamina = CompileConfig.toConfig(m.compiled());
        List<String> outputs = m.outputNames();
        List<Object> losses = (List<Object>) lamina.get("loss");
        List<Object> weights = (List<Object>) lamina.get("loss_weights");
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("optimizer", lamina.get("optimizer"));
        if (outputs.size() == 1) {
            c.put("loss", losses.get(0));
            c.put("loss_weights", ((Number) weights.get(0)).doubleValue() == 1.0 ? null : weights);
        } else {
            Map<String, Object> loss = new LinkedHashMap<>(), lossWeights = new LinkedHashMap<>();
            boolean weighted = false;
            for (int i = 0; i < outputs.size(); i++) {
                if (losses.get(i) == null) continue;
                loss.put(outputs.get(i), losses.get(i));
                lossWeights.put(outputs.get(i), weights.get(i));
                weighted |= ((Number) weights.get(i)).doubleValue() != 1.0;
            }
            c.put("loss", loss);
            c.put("loss_weights", weighted ? lossWeights : null);
        }
        c.put("metrics", metrics((List<Object>) lamina.get("metrics"), outputs));
        c.put("weighted_metrics", metrics((List<Object>) lamina.get("weighted_metrics"), outputs));
        c.put("run_eagerly", false);
        c.put("steps_per_execution", 1);
        c.put("jit_compile", false);
        return c;
    }

    /** Per-output metric lists: one output's list bare, several outputs' by name; null when there are none. */
    @SuppressWarnings("unchecked")
    private static Object metrics(List<Object> perOutput, List<String> outputs) {
        if (outputs.size() == 1) {
            List<Object> one = (List<Object>) perOutput.get(0);
            return one.isEmpty() ? null : one;
        }
        Map<String, Object> byName = new LinkedHashMap<>();
        for (int i = 0; i < outputs.size(); i++) {
            List<Object> one = (List<Object>) perOutput.get(i);
            if (!one.isEmpty()) byName.put(outputs.get(i), new ArrayList<>(one));
        }
        return byName.isEmpty() ? null : byName;
    }
}
