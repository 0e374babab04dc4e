package dev.lamina.models;

import dev.lamina.layers.InputLayer;
import dev.lamina.layers.Layer;
import dev.lamina.layers.LayerNode;
import dev.lamina.layers.SymbolicTensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Keras' functional config: each layer's {@code class_name}/{@code config} and inbound connections. */
final class ModelConfig {
    private ModelConfig() {
    }

    /** Keras' class name for configs and summaries: a plain functional model is {@code Functional}. */
    static String className(Layer l) {
        return l.getClass() == Model.class ? "Functional" : l.className();
    }

    static Map<String, Object> graphConfig(Model m) {
        Set<LayerNode> own = Collections.newSetFromMap(new IdentityHashMap<>());
        own.addAll(m.nodes());
        Map<String, Object> c = new LinkedHashMap<>();
        List<Object> layers = new ArrayList<>();
        for (Layer l : m.layers()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("class_name", className(l));
            e.put("name", l.name());
            e.put("config", l.getConfig());
            List<Object> inbound = new ArrayList<>();
            for (LayerNode n : m.nodes()) {
                if (n.layer() != l) continue;
                List<Object> args = new ArrayList<>();
                for (SymbolicTensor t : n.inputs()) args.add(List.of(t.name(), nodeIndex(t, own), t.index()));
                inbound.add(args);
            }
            e.put("inbound_nodes", inbound);
            layers.add(e);
        }
        c.put("layers", layers);
        c.put("input_layers", refs(m.inputs(), own));
        c.put("output_layers", refs(m.outputs(), own));
        return c;
    }

    private static List<Object> refs(List<SymbolicTensor> ts, Set<LayerNode> own) {
        List<Object> out = new ArrayList<>();
        for (SymbolicTensor t : ts) out.add(List.of(t.name(), nodeIndex(t, own), t.index()));
        return out;
    }

    /**
     * The producing call's index among the producer's calls in this model only (Keras' node_conversion_map), so a
     * layer also used in other models still numbers its calls here 0, 1, ... as loading recreates them.
     */
    private static int nodeIndex(SymbolicTensor t, Set<LayerNode> own) {
        if (t.layer() instanceof InputLayer) return 0;
        int k = 0;
        for (LayerNode n : t.layer().inboundNodes()) {
            if (n == t.node()) return k;
            if (own.contains(n)) k++;
        }
        return k;
    }
}
