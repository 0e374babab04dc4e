"""Writes the Keras files the Keras-import specs read (KerasImportSpec, KerasHdf5Spec), with real Keras 3.

Run from this directory: python3 generate.py  (Keras 3.15.1, TensorFlow 2.21 CPU, h5py 3.14 were used).
Every model is seeded; the expected outputs are Keras' own predict() on fixed inputs.
"""
import gzip, json, os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import h5py
import keras
from keras import layers

keras.utils.set_random_seed(20)
rng = np.random.RandomState(20261208)


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)


def counts(m):
    tr = int(sum(np.prod(v.shape) for v in m.trainable_weights))
    nt = int(sum(np.prod(v.shape) for v in m.non_trainable_weights))
    return {"total": tr + nt, "trainable": tr, "non_trainable": nt}


# Architectures only: keras.applications(weights=None).to_json(), gzipped.
os.makedirs("imagenet", exist_ok=True)
params = {}
for name, fn in [("mobilenet", keras.applications.MobileNet), ("densenet121", keras.applications.DenseNet121),
                 ("efficientnetb0", keras.applications.EfficientNetB0)]:
    m = fn(weights=None)
    with gzip.GzipFile("imagenet/%s.json.gz" % name, "wb", mtime=0) as f:      # mtime 0: the same bytes every run
        f.write(m.to_json().encode())
    params[name] = {"params": counts(m), "output_shape": list(m.output.shape[1:]), "input_shape": list(m.input.shape[1:])}
write_json("imagenet/params.json", params)

# A Sequential CNN with BatchNormalization and DepthwiseConv2D, trained a few steps with Adam.
cnn = keras.Sequential([
    keras.Input((8, 8, 2)),
    layers.Conv2D(4, 3, padding="same", activation="relu"),
    layers.BatchNormalization(),
    layers.MaxPooling2D(),
    layers.DepthwiseConv2D(3, padding="same"),
    layers.Flatten(),
    layers.Dense(5, activation="softmax"),
], name="cnn_bn")
cnn.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
xt = rng.uniform(0, 1, (32, 8, 8, 2)).astype("float32")
yt = rng.randint(0, 5, (32,))
cnn.fit(xt, yt, batch_size=8, epochs=2, verbose=0)
x = rng.uniform(0, 1, (3, 8, 8, 2)).astype("float32")
cnn.save("cnn_bn.keras")
cnn.save_weights("cnn_bn.weights.h5")
cnn.save("cnn_bn.h5")       # Keras' legacy whole-model HDF5
with open("cnn_bn.json", "w") as f:
    f.write(cnn.to_json())
ev = cnn.evaluate(xt, yt, batch_size=32, verbose=0, return_dict=True)
out = cnn.predict(x, verbose=0).tolist()
it = int(cnn.optimizer.iterations.numpy())
# One more epoch in order (4 Adam steps from the saved state), for the spec that continues training in Lamina.
cnn.fit(xt, yt, batch_size=8, epochs=1, shuffle=False, verbose=0)
write_json("cnn_bn_expected.json", {"inputs": x.tolist(), "outputs": out, "params": counts(cnn), "iterations": it,
                                    "train_x": xt.tolist(), "train_y": yt.tolist(), "evaluate": ev,
                                    "outputs_after_one_more_epoch": cnn.predict(x, verbose=0).tolist()})

# The tf.keras 2.x save_weights layout (layer_names / weight_names with ':0', layers named as another session
# would name them), written with h5py from the same weights.
with h5py.File("cnn_bn_tf2.h5", "w") as f:
    f.attrs["backend"] = b"tensorflow"
    f.attrs["keras_version"] = b"2.5.0"
    names = []
    for i, l in enumerate(cnn.layers):
        lname = "%s_%d" % (l.name, i + 7)
        names.append(lname.encode())
        g = f.create_group(lname)
        wn = []
        for w in l.weights:
            n = "%s/%s:0" % (lname, w.path.split("/")[-1])
            wn.append(n.encode())
            g.create_dataset(n, data=np.asarray(w.numpy(), dtype="float32"))
        g.attrs["weight_names"] = np.array(wn, dtype="S") if wn else np.array([], dtype="S1")
    f.attrs["layer_names"] = np.array(names, dtype="S")

# A functional model with two inputs, two outputs and a nested Sequential.
a = keras.Input((6,), name="a")
b = keras.Input((3,), name="b")
inner = keras.Sequential([keras.Input((6,)), layers.Dense(4, activation="tanh"), layers.Dense(4)], name="inner")
h = layers.Concatenate()([inner(a), b])
h = layers.Dense(8, activation="relu")(h)
out1 = layers.Dense(2, name="score")(h)
out2 = layers.Dense(3, activation="softmax", name="label")(layers.Add()([h, layers.Dense(8)(b)]))
multi = keras.Model([a, b], [out1, out2], name="multi_io")
multi.compile(optimizer="sgd", loss=["mse", "sparse_categorical_crossentropy"])
xa = rng.uniform(-1, 1, (4, 6)).astype("float32")
xb = rng.uniform(-1, 1, (4, 3)).astype("float32")
multi.fit([xa, xb], [rng.uniform(size=(4, 2)), rng.randint(0, 3, (4,))], verbose=0)
multi.save("multi_io.keras")
p1, p2 = multi.predict([xa, xb], verbose=0)
write_json("multi_io_expected.json", {"inputs": [xa.tolist(), xb.tolist()], "outputs": [p1.tolist(), p2.tolist()],
                                      "params": counts(multi)})

# Hostile HDF5 files for KerasHostileFilesSpec, written with h5py (no Keras): each one breaks one rule for the
# model Input(3) -> Dense(2, name="dense") that the spec builds.
os.makedirs("hostile", exist_ok=True)


def dense_weights(path, kernel=None, extra=None):
    with h5py.File(path, "w") as f:
        v = f.create_group("layers/dense/vars")
        v.attrs["name"] = "dense"
        if kernel is None:
            v.create_dataset("0", data=np.ones((3, 2), "float32"))
        else:
            kernel(v)
        v.create_dataset("1", data=np.zeros((2,), "float32"))
        if extra:
            extra(f)


# Dimensions of 2^30 x 2^30 floats (4 EiB) declared, nothing stored: chunked, never written.
dense_weights("hostile/absurd_dims.weights.h5", kernel=lambda v: v.create_dataset("0", shape=(1 << 30, 1 << 30), dtype="f4", chunks=(1, 1)))
# A kernel of the wrong shape.
dense_weights("hostile/wrong_shape.weights.h5", kernel=lambda v: v.create_dataset("0", data=np.ones((2, 3), "float32")))
# A kernel stored as strings.
dense_weights("hostile/string_kernel.weights.h5", kernel=lambda v: v.create_dataset("0", data=np.array([b"ab"] * 6).reshape(3, 2)))
# The kernel as a soft link that points back at its own group (a cycle), and an external link to another file.
dense_weights("hostile/soft_link.weights.h5", kernel=lambda v: v.__setitem__("0", h5py.SoftLink("/layers/dense/vars")))
dense_weights("hostile/external_link.weights.h5", kernel=lambda v: v.__setitem__("0", h5py.ExternalLink("/etc/passwd", "/x")))
# The dense group as a hard link to its parent: layers/dense/vars does not exist, layers/dense/dense/dense... loops.
with h5py.File("hostile/hard_link_cycle.weights.h5", "w") as f:
    g = f.create_group("layers")
    g["dense"] = g
# A weights file without the dense layer's group.
with h5py.File("hostile/missing_layer.weights.h5", "w") as f:
    f.create_group("layers/other/vars").create_dataset("0", data=np.ones((3, 2), "float32"))
# tf.keras 2.x layout whose layer_names names a group that is not there, and one with three weights for Dense.
with h5py.File("hostile/legacy_missing_group.h5", "w") as f:
    f.attrs["layer_names"] = np.array([b"dense"], dtype="S")
with h5py.File("hostile/legacy_extra_weight.h5", "w") as f:
    f.attrs["layer_names"] = np.array([b"dense"], dtype="S")
    g = f.create_group("dense")
    g.attrs["weight_names"] = np.array([b"dense/kernel:0", b"dense/bias:0", b"dense/extra:0"], dtype="S")
    for n, s in [("kernel:0", (3, 2)), ("bias:0", (2,)), ("extra:0", (2,))]:
        g.create_dataset("dense/" + n, data=np.ones(s, "float32"))
# A legacy whole-model .h5 whose model_config is a Lambda layer with marshalled bytecode.
with h5py.File("hostile/lambda_model.h5", "w") as f:
    f.attrs["model_config"] = json.dumps({"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 3], "name": "in"}},
        {"class_name": "Lambda", "config": {"name": "evil", "function": ["4wEAAAAAAAAAAAAAAAEAAAACAAAAQwAAAHMIAAAAfABkARQAUwCpAk7pAgAAAKkAqQHaAXhyAgAAAHICAAAA+gc8c3RkaW4+2gg8bGFtYmRhPgEAAADzAAAAAA==", None, None], "function_type": "lambda"}}]}})
    f.create_group("model_weights").attrs["layer_names"] = np.array([], dtype="S1")
