package dev.lamina.models;

import dev.lamina.layers.Layer;
import dev.lamina.layers.LayerNode;
import dev.lamina.layers.SymbolicTensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keras' functional config: each layer's {@code class_name}/{@code config} and inbound connections. */
final class ModelConfig {
    private ModelConfig() {
    }

    static Map<String, Object> graphConfig(Model m) {
        Map<String, Object> c = new LinkedHashMap<>();
        List<Object> layers = new ArrayList<>();
        for (Layer l : m.layers()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("class_name", l.className());
            e.put("name", l.name());
            e.put("config", l.getConfig());
            List<Object> inbound = new ArrayList<>();
            for (LayerNode n : m.nodes()) {
                if (n.layer() != l) continue;
                List<Object> args = new ArrayList<>();
                for (SymbolicTensor t : n.inputs()) args.add(List.of(t.name(), nodeIndex(t), t.index()));
                inbound.add(args);
            }
            e.put("inbound_nodes", inbound);
            layers.add(e);
        }
        c.put("layers", layers);
        c.put("input_layers", refs(m.inputs()));
        c.put("output_layers", refs(m.outputs()));
        return c;
    }

    private static List<Object> refs(List<SymbolicTensor> ts) {
        List<Object> out = new ArrayList<>();
        for (SymbolicTensor t : ts) out.add(List.of(t.name(), nodeIndex(t), t.index()));
        return out;
    }

    private static int nodeIndex(SymbolicTensor t) {
        return Math.max(0, t.layer().inboundNodes().indexOf(t.node()));
    }
}
