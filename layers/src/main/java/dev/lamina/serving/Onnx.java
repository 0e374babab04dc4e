package dev.lamina.serving;

import dev.lamina.models.Model;
import dev.lamina.tensor.io.AtomicFiles;

import java.nio.file.Path;

/**
 * ONNX export ({@code Onnx.export(model, path)}): an ONNX model (IR 7, opset 13) that ONNX Runtime or any other
 * ONNX reader runs with the model's inference results. Inputs and outputs keep the model's names and Keras'
 * channels-last shapes, with a symbolic batch dimension {@code N}; weights are stored as float32 initializers.
 * Dropout and noise layers are left out. The layers written are {@link OnnxLayers#EXPORTABLE}'s; any other layer
 * (recurrent layers, LayerNormalization, ...) is an {@code IllegalArgumentException} naming it, and nothing is
 * written. The protobuf is Lamina's own small writer ({@code dev.lamina.tensor.io.ProtoWriter}): the few messages
 * needed do not justify a protobuf dependency.
 */
public final class Onnx {
    private Onnx() {
    }

    /** Writes {@code model} to {@code path} as ONNX, atomically (a temporary file, then a rename). */
    public static void export(Model model, Path path) {
        byte[] bytes = toBytes(model);
        AtomicFiles.write(path, bytes);
    }

    /** The ONNX file's bytes. */
    public static byte[] toBytes(Model model) {
        OnnxGraph g = new OnnxGraph(new FlatGraph(model));
        for (FlatGraph.Node n : g.flat.nodes) OnnxLayers.convert(g, n);
        for (int o = 0; o < g.flat.outputs.length; o++) {
            String name = g.flat.outputNames.get(o);
            for (int p = 0; p < o; p++) {
                if (g.flat.outputNames.get(p).equals(name)) {
                    throw new IllegalArgumentException("Onnx.export: model '" + model.name() + "' lists output '" + name + "' twice; ONNX outputs need distinct names");
                }
            }
            g.nodeNamed("Identity", name, new String[]{g.last(g.flat.outputs[o])});
        }
        return OnnxProto.model(g.graph(model.name()));
    }
}
