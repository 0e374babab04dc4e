package dev.lamina.models.keras;

import dev.lamina.layers.BaseRnn;
import dev.lamina.layers.Layer;
import dev.lamina.layers.LayerNode;
import dev.lamina.models.Model;
import dev.lamina.models.Sequential;
import dev.lamina.tensor.Shape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's {@code config.json} as Keras 3 writes it ({@code serialization_lib.serialize_keras_object}): the top-level
 * envelope ({@code keras}/{@code Sequential} or {@code keras.src.models.functional}/{@code Functional}) with its
 * {@code build_config} and {@code compile_config}; each layer's envelope with {@code build_config}; for a functional
 * model, each layer's {@code name} and {@code inbound_nodes} as {@code {"args": [__keras_tensor__ ...], "kwargs": {}}}.
 */
final class KerasConfig {
    private KerasConfig() {
    }

    /** The whole {@code config.json} object. */
    static Map<String, Object> of(Model m) {
        Map<String, Object> root = model(m);
        root.put("compile_config", m.isCompiled() ? KerasCompile.of(m) : Map.of());
        return root;
    }

    private static Map<String, Object> model(Model m) {
        return m instanceof Sequential ? sequential((Sequential) m) : functional(m);
    }

    private static Map<String, Object> sequential(Sequential m) {
        if (!m.isGraphBuilt()) {
            throw new IllegalStateException("Model.save: Sequential '" + m.name() + "' is not built, so its layers have no shapes yet;"
                    + " start it with an InputLayer or call it on data before saving it as .keras");
        }
        List<Object> layers = new ArrayList<>();
        for (Layer l : m.layers()) layers.add(layer(l, m));
        List<Object> inputShape = KerasLayers.shape(m.inputs().get(0).shape());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", m.name());
        c.put("trainable", m.isTrainable());
        c.put("dtype", KerasLayers.dtypePolicy());
        c.put("layers", layers);
        c.put("build_input_shape", inputShape);
        Map<String, Object> e = KerasLayers.envelope("keras", "Sequential", c);
        e.put("build_config", Map.of("input_shape", inputShape));
        return e;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> functional(Model m) {
        KerasLayers.className(m);      // refuses model subclasses Keras cannot rebuild
        Map<String, Object> lamina = m.getConfig();       // node indices within this model, as Keras numbers them
        List<Object> laminaLayers = (List<Object>) lamina.get("layers");
        List<Object> layers = new ArrayList<>();
        for (int i = 0; i < m.layers().size(); i++) {
            Layer l = m.layers().get(i);
            Map<String, Object> e = layer(l, m);
            e.put("name", l.name());
            List<Object> triples = (List<Object>) ((Map<String, Object>) laminaLayers.get(i)).get("inbound_nodes");
            List<LayerNode> calls = new ArrayList<>();
            for (LayerNode n : m.nodes()) if (n.layer() == l) calls.add(n);
            List<Object> nodes = new ArrayList<>();
            for (int k = 0; k < calls.size(); k++) nodes.add(node(calls.get(k), (List<Object>) triples.get(k)));
            e.put("inbound_nodes", nodes);
            layers.add(e);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", m.name());
        c.put("trainable", m.isTrainable());
        c.put("layers", layers);
        c.put("input_layers", lamina.get("input_layers"));
        c.put("output_layers", lamina.get("output_layers"));
        Map<String, Object> e = KerasLayers.envelope("keras.src.models.functional", "Functional", c);
        e.put("registered_name", "Functional");
        Map<String, Object> build = new LinkedHashMap<>();
        build.put("input_shape", null);
        e.put("build_config", build);
        return e;
    }

    /** One layer's envelope; a nested model is written whole. */
    private static Map<String, Object> layer(Layer l, Model owner) {
        if (l instanceof Model) return model((Model) l);
        Map<String, Object> e = KerasLayers.envelope("keras.layers", KerasLayers.className(l), KerasLayers.config(l));
        if (!KerasLayers.NO_BUILD_CONFIG.contains(l.className())) {
            LayerNode first = null;
            for (LayerNode n : owner.nodes()) if (n.layer() == l && first == null) first = n;
            if (first != null) e.put("build_config", Map.of("input_shape", inputShape(first)));
        }
        return e;
    }

    private static Object inputShape(LayerNode n) {
        if (n.inputs().size() == 1 || n.layer() instanceof BaseRnn) return KerasLayers.shape(n.inputs().get(0).shape());
        List<Object> shapes = new ArrayList<>();
        for (var t : n.inputs()) shapes.add(KerasLayers.shape(t.shape()));
        return shapes;
    }

    /** {@code {"args": [...], "kwargs": {}}}: one tensor, or the list of tensors a merge layer takes. */
    private static Map<String, Object> node(LayerNode n, List<Object> triples) {
        List<Object> tensors = new ArrayList<>();
        for (int j = 0; j < triples.size(); j++) tensors.add(kerasTensor(n.inputs().get(j).shape(), triples.get(j)));
        Map<String, Object> node = new LinkedHashMap<>();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        if (n.layer() instanceof BaseRnn && tensors.size() > 1) {
            // Lamina passes initial states as extra inputs; Keras' RNN takes them as the initial_state keyword.
            kwargs.put("initial_state", new ArrayList<>(tensors.subList(1, tensors.size())));
            node.put("args", List.of(tensors.get(0)));
        } else {
            node.put("args", tensors.size() == 1 ? tensors : List.of(tensors));
        }
        node.put("kwargs", kwargs);
        return node;
    }

    private static Map<String, Object> kerasTensor(Shape shape, Object history) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("shape", KerasLayers.shape(shape));
        c.put("dtype", "float32");
        c.put("keras_history", history);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("class_name", "__keras_tensor__");
        t.put("config", c);
        return t;
    }
}
