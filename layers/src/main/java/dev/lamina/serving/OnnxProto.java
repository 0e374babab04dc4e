package dev.lamina.serving;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.io.ProtoWriter;

/**
 * The ONNX messages the export writes ({@code onnx.proto3}'s field numbers): tensors, value infos, attributes,
 * nodes and the model around the graph. Only float32 data and int64 shape tensors are written.
 */
final class OnnxProto {
    static final int FLOAT = 1;
    static final int INT64 = 7;
    static final int ATTR_FLOAT = 1;
    static final int ATTR_INT = 2;
    static final int ATTR_INTS = 7;
    /** ONNX IR version 7 goes with opset 13. */
    static final long IR_VERSION = 7;
    static final long OPSET = 13;

    private OnnxProto() {
    }

    /** A float32 TensorProto: dims (1), data_type (2), name (8), raw_data (9, little-endian). */
    static ProtoWriter floatTensor(String name, int[] dims, float[] values) {
        long[] d = new long[dims.length];
        for (int i = 0; i < d.length; i++) d[i] = dims[i];
        ProtoWriter t = new ProtoWriter();
        if (d.length > 0) t.packedInt64s(1, d);
        return t.int64(2, FLOAT).string(8, name).bytes(9, ProtoWriter.littleEndian(values, 0, values.length));
    }

    /** An int64 TensorProto of rank 1 (shapes, axes): int64_data (7), packed. */
    static ProtoWriter int64Tensor(String name, long[] values) {
        return new ProtoWriter().packedInt64s(1, new long[]{values.length}).int64(2, INT64).string(8, name).packedInt64s(7, values);
    }

    /** A float32 ValueInfoProto with a symbolic batch dimension {@code N} and the sample's dimensions. */
    static ProtoWriter valueInfo(String name, Shape sample) {
        ProtoWriter shape = new ProtoWriter().message(1, new ProtoWriter().string(2, "N"));
        for (int i = 0; i < sample.rank(); i++) {
            ProtoWriter dim = new ProtoWriter();
            if (sample.dim(i) == Shape.UNKNOWN) dim.string(2, name + "_" + (i + 1));
            else dim.int64(1, sample.dim(i));
            shape.message(1, dim);
        }
        ProtoWriter tensorType = new ProtoWriter().int64(1, FLOAT).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
    }

    static ProtoWriter attrInt(String name, long v) {
        return new ProtoWriter().string(1, name).int64(3, v).int64(20, ATTR_INT);
    }

    static ProtoWriter attrFloat(String name, float v) {
        return new ProtoWriter().string(1, name).floatField(2, v).int64(20, ATTR_FLOAT);
    }

    static ProtoWriter attrInts(String name, long... v) {
        return new ProtoWriter().string(1, name).packedInt64s(8, v).int64(20, ATTR_INTS);
    }

    /** A NodeProto: inputs (1), outputs (2), name (3), op_type (4), attributes (5). */
    static ProtoWriter node(String op, String name, String[] inputs, String[] outputs, ProtoWriter... attributes) {
        ProtoWriter n = new ProtoWriter();
        for (String i : inputs) n.string(1, i);
        for (String o : outputs) n.string(2, o);
        n.string(3, name).string(4, op);
        for (ProtoWriter a : attributes) n.message(5, a);
        return n;
    }

    /** A ModelProto: ir_version (1), producer_name (2), graph (7), opset_import (8) of the default domain. */
    static byte[] model(ProtoWriter graph) {
        return new ProtoWriter().int64(1, IR_VERSION).string(2, "lamina").message(7, graph)
                .message(8, new ProtoWriter().int64(2, OPSET)).toByteArray();
    }
}
