"""Writes the small Keras files the Keras-interop specs read, with real Keras, and what Keras predicted for them.

Run by hand (never from the tests), from this directory:

    pip install keras tensorflow-cpu      # Keras 3 with the TensorFlow backend
    python3 generate.py

For each model NAME it writes, next to this script:
    NAME.keras        Keras 3 `model.save` (zip: metadata.json, config.json, model.weights.h5)
    NAME.weights.h5   Keras 3 `model.save_weights`
    NAME.h5           Keras 3's legacy whole-model HDF5 (`model.save("x.h5")`: model_config, model_weights,
                      training_config, optimizer_weights)
    NAME.json         `model.to_json()`
    NAME.outputs.json the inputs, Keras' predictions for them, the parameter counts, and the loss and
                      predictions after one more `train_on_batch` on a fixed batch (continuing training)
and for the ImageNet architectures (weights=None, configs only) imagenet/NAME.json plus imagenet/param_counts.json.

tf.keras 2.x files (the `tf_keras` package) are written too when that package is installed: NAME.tf2.json and
NAME.tf2.h5. Everything is seeded; file dates and the keras_version inside the files are Keras' own.
"""
import gzip
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DIGITS = os.path.join(HERE, "..", "..", "..", "..", "..", "samples", "src", "main", "resources", "data", "digits.csv.gz")


def tolist(a):
    return np.asarray(a, dtype=np.float64).tolist()


def params(model):
    trainable = int(sum(np.prod(v.shape) for v in model.trainable_weights))
    non_trainable = int(sum(np.prod(v.shape) for v in model.non_trainable_weights))
    return {"total": trainable + non_trainable, "trainable": trainable, "non_trainable": non_trainable}


def as_list(x):
    return x if isinstance(x, (list, tuple)) else [x]


def write_model(name, model, x_fit, y_fit, x_ref, y_step, epochs=2, batch_size=16):
    """Fits briefly (so the optimizer has state), saves every format, and records predictions."""
    model.fit(x_fit, y_fit, epochs=epochs, batch_size=batch_size, verbose=0, shuffle=False)
    base = os.path.join(HERE, name)
    model.save(base + ".keras")
    model.save_weights(base + ".weights.h5")
    model.save(base + ".h5")
    with open(base + ".json", "w") as f:
        f.write(model.to_json())
    predicted = [tolist(p) for p in as_list(model.predict(x_ref, verbose=0))]
    # Continue training from the saved file, as a loader must be able to.
    reloaded = keras.saving.load_model(base + ".keras")
    step = reloaded.train_on_batch(x_ref, y_step, return_dict=True)
    after = [tolist(p) for p in as_list(reloaded.predict(x_ref, verbose=0))]
    ref = {
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "model": name,
        "class_name": model.__class__.__name__,
        "input_names": [t._keras_history[0].name for t in model.inputs],
        "output_names": [t._keras_history[0].name for t in model.outputs],
        "params": params(model),
        "optimizer": {"class_name": model.optimizer.__class__.__name__, "iterations": int(model.optimizer.iterations.numpy()),
                      "variables": [v.path for v in model.optimizer.variables]},
        "weights": [{"path": v.path, "shape": list(v.shape)} for v in model.weights],
        "inputs": [tolist(x) for x in as_list(x_ref)],
        "outputs": predicted,
        "tolerance": "abs(got - ref) <= 1e-5 + 1e-4 * abs(ref)",
        "train_on_batch": {"targets": [tolist(y) for y in as_list(y_step)], "logs": {k: float(v) for k, v in step.items()},
                           "outputs_after": after},
    }
    with open(base + ".outputs.json", "w") as f:
        json.dump(ref, f)
    write_tf2(name, model)
    print(name, ref["params"], "outputs", [np.asarray(p).shape for p in predicted])


def write_tf2(name, model):
    try:
        import tf_keras  # noqa: F401
    except ImportError:
        return
    clone = tf_keras.models.model_from_json(model.to_json())
    clone.set_weights(model.get_weights())
    with open(os.path.join(HERE, name + ".tf2.json"), "w") as f:
        f.write(clone.to_json())
    clone.save(os.path.join(HERE, name + ".tf2.h5"))


def rng(seed):
    return np.random.default_rng(seed)


def mlp():
    keras.utils.set_random_seed(1)
    r = rng(1)
    model = keras.Sequential([keras.Input((8,)), layers.Dense(16, activation="relu"), layers.Dropout(0.25),
                              layers.Dense(3, activation="softmax")], name="mlp")
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    x = r.normal(size=(64, 8)).astype("float32")
    y = r.integers(0, 3, size=(64,))
    write_model("mlp", model, x, y, x[:4], y[:4])


def functional():
    keras.utils.set_random_seed(2)
    r = rng(2)
    a = keras.Input((6,), name="a")
    b = keras.Input((4,), name="b")
    ha = layers.Dense(8, activation="tanh")(a)
    hb = layers.Dense(8, activation="relu")(b)
    h = layers.Concatenate()([ha, hb])
    h = layers.Dense(8, activation="relu")(h)
    score = layers.Dense(1, name="score")(h)
    klass = layers.Dense(3, name="klass")(layers.Add()([h, ha]))
    model = keras.Model([a, b], [score, klass], name="two_in_two_out")
    model.compile(optimizer=keras.optimizers.RMSprop(0.005),
                  loss={"score": "mean_squared_error", "klass": keras.losses.CategoricalCrossentropy(from_logits=True)},
                  loss_weights={"score": 2.0, "klass": 1.0},
                  metrics={"score": ["mean_absolute_error"], "klass": ["categorical_accuracy"]})
    xa = r.normal(size=(48, 6)).astype("float32")
    xb = r.normal(size=(48, 4)).astype("float32")
    ys = r.normal(size=(48, 1)).astype("float32")
    yk = np.eye(3, dtype="float32")[r.integers(0, 3, size=(48,))]
    write_model("functional", model, [xa, xb], [ys, yk], [xa[:4], xb[:4]], [ys[:4], yk[:4]])


def batchnorm():
    keras.utils.set_random_seed(3)
    r = rng(3)
    model = keras.Sequential([keras.Input((5,)), layers.Dense(8), layers.BatchNormalization(), layers.Activation("relu"),
                              layers.Dense(2)], name="batchnorm")
    model.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.9), loss="mean_squared_error", metrics=["mean_absolute_error"])
    x = (r.normal(size=(64, 5)) * 3 + 1).astype("float32")
    y = r.normal(size=(64, 2)).astype("float32")
    write_model("batchnorm", model, x, y, x[:4], y[:4])


def conv2d():
    keras.utils.set_random_seed(4)
    r = rng(4)
    model = keras.Sequential([keras.Input((8, 8, 2)), layers.Conv2D(4, 3, activation="relu"), layers.MaxPooling2D(),
                              layers.Conv2D(3, (2, 2), padding="same"), layers.Flatten(), layers.Dense(3)], name="conv2d")
    model.compile(optimizer=keras.optimizers.Adam(0.01),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    x = r.uniform(size=(32, 8, 8, 2)).astype("float32")
    y = r.integers(0, 3, size=(32,))
    write_model("conv2d", model, x, y, x[:4], y[:4])


def recurrent():
    keras.utils.set_random_seed(5)
    r = rng(5)
    model = keras.Sequential([keras.Input((6, 3)), layers.LSTM(5, return_sequences=True), layers.GRU(4),
                              layers.Dense(2)], name="recurrent")
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mean_squared_error")
    x = r.normal(size=(32, 6, 3)).astype("float32")
    y = r.normal(size=(32, 2)).astype("float32")
    write_model("recurrent", model, x, y, x[:4], y[:4])


def lenet():
    """Keras' LeNet-5 shape on the project's 8x8 digits (pixels 0..16 scaled to [0, 1])."""
    keras.utils.set_random_seed(6)
    with gzip.open(DIGITS, "rt") as f:
        data = np.loadtxt(f, delimiter=",", dtype="float32")
    x = (data[:, :64] / 16.0).reshape(-1, 8, 8, 1).astype("float32")
    y = data[:, 64].astype("int64")
    order = rng(6).permutation(len(x))
    x, y = x[order], y[order]
    model = keras.Sequential([keras.Input((8, 8, 1)),
                              layers.Conv2D(6, 3, padding="same", activation="tanh"), layers.AveragePooling2D(2),
                              layers.Conv2D(16, 3, padding="same", activation="tanh"), layers.AveragePooling2D(2),
                              layers.Flatten(), layers.Dense(120, activation="tanh"), layers.Dense(84, activation="tanh"),
                              layers.Dense(10, activation="softmax")], name="lenet")
    model.compile(optimizer=keras.optimizers.Adam(0.002), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    write_model("lenet", model, x[:1400], y[:1400], x[1400:1404], y[1400:1404], epochs=4, batch_size=32)


def imagenet():
    out = os.path.join(HERE, "imagenet")
    os.makedirs(out, exist_ok=True)
    counts = {"keras_version": keras.__version__}
    for name, make in [("vgg16", keras.applications.VGG16), ("mobilenet", keras.applications.MobileNet),
                       ("densenet121", keras.applications.DenseNet121), ("efficientnetb0", keras.applications.EfficientNetB0)]:
        keras.backend.clear_session()
        model = make(weights=None)
        text = model.to_json()
        with gzip.GzipFile(os.path.join(out, name + ".json.gz"), "wb", mtime=0) as f:
            f.write(text.encode("utf-8"))
        counts[name] = dict(params(model), input_shape=list(model.input_shape), output_shape=list(model.output_shape),
                            n_layers=len(model.layers))
        print(name, counts[name])
    with open(os.path.join(out, "param_counts.json"), "w") as f:
        json.dump(counts, f, indent=1)


if __name__ == "__main__":
    wanted = sys.argv[1:] or ["mlp", "functional", "batchnorm", "conv2d", "recurrent", "lenet", "imagenet"]
    for w in wanted:
        keras.backend.clear_session()
        globals()[w]()
