package dev.lamina.kotlin

import dev.lamina.models.Model
import dev.lamina.serving.Onnx
import dev.lamina.serving.Predictor
import java.nio.file.Path

/** The model's inference object for serving ([Predictor.of]): thread-safe, a snapshot of the weights. */
public fun Model.predictor(): Predictor = Predictor.of(this)

/** Writes the model as ONNX ([Onnx.export]); a layer without an ONNX equivalent is an error naming it. */
public fun Model.exportOnnx(path: Path): Unit = Onnx.export(this, path)
