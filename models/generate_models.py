#!/usr/bin/python3
"""Writes the ONNX models that Sluice's examples, tests and benchmarks use.

Run with Debian's interpreter (python3-onnx and python3-numpy), from anywhere:

    /usr/bin/python3 models/generate_models.py

Every weight comes from a fixed numpy seed, so running it again writes the same files.
The models use opset 13 and IR version 8, which ONNX Runtime 1.23 loads.
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OPSET = [helper.make_opsetid("", 13)]
IR_VERSION = 8

# Iris-like class statistics (sepal length, sepal width, petal length, petal width), in centimetres.
IRIS_MEANS = np.array([[5.01, 3.43, 1.46, 0.25], [5.94, 2.77, 4.26, 1.33], [6.59, 2.97, 5.55, 2.03]])
IRIS_STDS = np.array([[0.35, 0.38, 0.17, 0.11], [0.52, 0.31, 0.47, 0.20], [0.64, 0.32, 0.55, 0.27]])


def tensor(name, elem_type, dims):
    return helper.make_tensor_value_info(name, elem_type, dims)


def save(model, *parts):
    onnx.checker.check_model(model)
    path = os.path.join(ROOT, *parts)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # Fixed producer fields keep the bytes identical from run to run.
    model.producer_name = "sluice/models/generate_models.py"
    model.producer_version = "1"
    with open(path, "wb") as out:
        out.write(model.SerializeToString())
    print("wrote", os.path.relpath(path, ROOT))


def make_model(graph):
    return helper.make_model(graph, opset_imports=OPSET, ir_version=IR_VERSION)


def train_softmax_regression(seed, epochs, learning_rate):
    """Fits a 4->3 softmax classifier by plain gradient descent on seeded iris-like samples."""
    rng = np.random.default_rng(seed)
    xs = np.concatenate([rng.normal(IRIS_MEANS[k], IRIS_STDS[k], size=(50, 4)) for k in range(3)])
    ys = np.repeat(np.arange(3), 50)
    onehot = np.eye(3)[ys]
    weights = np.zeros((4, 3))
    bias = np.zeros(3)
    for _ in range(epochs):
        logits = xs @ weights + bias
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        grad = (probs - onehot) / len(xs)
        weights -= learning_rate * xs.T @ grad
        bias -= learning_rate * grad.sum(axis=0)
    accuracy = float(((xs @ weights + bias).argmax(axis=1) == ys).mean())
    return weights.astype(np.float32), bias.astype(np.float32), accuracy


def classifier(version, seed, epochs):
    weights, bias, accuracy = train_softmax_regression(seed, epochs, learning_rate=0.05)
    graph = helper.make_graph(
        [
            helper.make_node("MatMul", ["input", "W"], ["logits_raw"]),
            helper.make_node("Add", ["logits_raw", "B"], ["logits"]),
            helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
        ],
        "iris_classifier_v%d" % version,
        [tensor("input", TensorProto.FLOAT, ["batch", 4])],
        [tensor("probabilities", TensorProto.FLOAT, ["batch", 3])],
        initializer=[numpy_helper.from_array(weights, "W"), numpy_helper.from_array(bias, "B")],
    )
    save(make_model(graph), "examples", "quickstart", "model-v%d" % version, "classifier", "1", "model.onnx")
    print("  classifier v%d: training accuracy %.3f" % (version, accuracy))


def sample_request():
    body = {"inputs": [{"name": "input", "shape": [2, 4], "datatype": "FP32",
                        "data": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.1, 5.6, 2.4]]}]}
    path = os.path.join(ROOT, "examples", "quickstart", "sample-request.json")
    with open(path, "w") as out:
        json.dump(body, out, indent=2)
        out.write("\n")
    print("wrote", os.path.relpath(path, ROOT))


def add_model():
    graph = helper.make_graph(
        [helper.make_node("Add", ["a", "b"], ["sum"])],
        "add",
        [tensor("a", TensorProto.FLOAT, ["batch", 3]), tensor("b", TensorProto.FLOAT, ["batch", 3])],
        [tensor("sum", TensorProto.FLOAT, ["batch", 3])],
    )
    save(make_model(graph), "testdata", "onnx", "add", "add", "1", "model.onnx")


def scale_model(version):
    """y = x * version: two versions of one model, so tests can tell which version answered."""
    factor = np.array([float(version)], dtype=np.float32)
    graph = helper.make_graph(
        [helper.make_node("Mul", ["x", "factor"], ["y"])],
        "scale_v%d" % version,
        [tensor("x", TensorProto.FLOAT, ["batch"])],
        [tensor("y", TensorProto.FLOAT, ["batch"])],
        initializer=[numpy_helper.from_array(factor, "factor")],
    )
    save(make_model(graph), "testdata", "onnx", "scale", "scale", str(version), "model.onnx")


def types_model():
    """Identity for each datatype that the v2 codec maps, plus a fixed-size input for shape checks."""
    kinds = [("fp64", TensorProto.DOUBLE), ("int32", TensorProto.INT32), ("int64", TensorProto.INT64),
             ("bool", TensorProto.BOOL), ("int8", TensorProto.INT8), ("uint8", TensorProto.UINT8),
             ("int16", TensorProto.INT16)]
    nodes = [helper.make_node("Identity", ["x_" + k], ["y_" + k]) for k, _ in kinds]
    inputs = [tensor("x_" + k, t, ["n"]) for k, t in kinds]
    outputs = [tensor("y_" + k, t, ["n"]) for k, t in kinds]
    nodes.append(helper.make_node("Identity", ["x_fixed"], ["y_fixed"]))
    inputs.append(tensor("x_fixed", TensorProto.FLOAT, [2, 2]))
    outputs.append(tensor("y_fixed", TensorProto.FLOAT, [2, 2]))
    graph = helper.make_graph(nodes, "types", inputs, outputs)
    save(make_model(graph), "testdata", "onnx", "types", "types", "1", "model.onnx")


def mlp_model():
    """256 -> 512 -> 256 -> 10 with ReLU: about 265 thousand weights, for benchmarks."""
    rng = np.random.default_rng(20251129)
    sizes = [256, 512, 256, 10]
    nodes, initializers = [], []
    current = "input"
    for i in range(len(sizes) - 1):
        fan_in, fan_out = sizes[i], sizes[i + 1]
        w = (rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)).astype(np.float32)
        b = np.zeros(fan_out, dtype=np.float32)
        initializers += [numpy_helper.from_array(w, "W%d" % i), numpy_helper.from_array(b, "B%d" % i)]
        nodes.append(helper.make_node("Gemm", [current, "W%d" % i, "B%d" % i], ["h%d" % i]))
        last = i == len(sizes) - 2
        if not last:
            nodes.append(helper.make_node("Relu", ["h%d" % i], ["a%d" % i]))
            current = "a%d" % i
        else:
            current = "h%d" % i
    nodes.append(helper.make_node("Identity", [current], ["logits"]))
    graph = helper.make_graph(
        nodes, "mlp",
        [tensor("input", TensorProto.FLOAT, ["batch", 256])],
        [tensor("logits", TensorProto.FLOAT, ["batch", 10])],
        initializer=initializers,
    )
    save(make_model(graph), "testdata", "onnx", "mlp", "mlp", "1", "model.onnx")


def main():
    classifier(version=1, seed=1, epochs=60)
    classifier(version=2, seed=2, epochs=3000)
    sample_request()
    add_model()
    scale_model(1)
    scale_model(2)
    types_model()
    mlp_model()


if __name__ == "__main__":
    main()
