"""Serves an MLflow model without scoring code: the runner loads this file as it loads a score.py.

The worker has read the model's MLmodel, checked each request against its signature and sends the checked input
as JSON: {"kind": "table", "columns": [...], "types": [...], "data": [[...]]} or {"kind": "tensors", "tensors":
{name: {"dtype": ..., "data": nested lists}}} (the name "" is the one unnamed tensor). The model is found through
environment variables the worker sets:
  SLUICE_MLFLOW_MODEL   the folder that holds MLmodel
  SLUICE_MLFLOW_LOADER  "sklearn" (the pickle is loaded here, without the mlflow package) or the
                        python_function loader module, imported from the environment (its _load_pyfunc(path))
  SLUICE_MLFLOW_DATA    the model file or folder, relative to SLUICE_MLFLOW_MODEL
  SLUICE_MLFLOW_FORMAT  sklearn's serialization_format: pickle or cloudpickle
  SLUICE_MLFLOW_PREDICT_FN  the estimator's method that answers (predict by default)
  SLUICE_MLFLOW_CODE    a code folder to put on sys.path first
run() returns the predictions; the runner writes them as JSON (numpy arrays as lists).
"""

import importlib
import json
import os
import pickle
import sys

_model = None
_predict = None

NUMERIC = {"double": "float64", "float": "float32", "integer": "int32", "long": "int64"}


class ModelLoadError(Exception):
    """The model cannot be loaded in this environment; the message names what is missing."""


def _missing_package(error):
    name = getattr(error, "name", None) or str(error)
    return name.split(".")[0]


def _load_sklearn(folder):
    path = os.path.join(folder, os.environ.get("SLUICE_MLFLOW_DATA", "model.pkl"))
    fmt = os.environ.get("SLUICE_MLFLOW_FORMAT", "cloudpickle")
    if fmt not in ("pickle", "cloudpickle"):
        raise ModelLoadError("MLmodel: flavors.sklearn.serialization_format %s is not supported (expected: pickle"
                             " | cloudpickle)" % fmt)
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except ImportError as error:
        raise ModelLoadError("%s needs the Python package %s, which the environment lacks (expected: it in the"
                             " model's conda.yaml or environment.conda_file)"
                             % (os.path.basename(path), _missing_package(error))) from None


def _load_pyfunc(folder, loader):
    code = os.environ.get("SLUICE_MLFLOW_CODE")
    if code:
        sys.path.insert(0, os.path.join(folder, code))
    try:
        module = importlib.import_module(loader)
    except ImportError as error:
        raise ModelLoadError("MLmodel: flavors.python_function.loader_module %s cannot be imported: the environment"
                             " lacks the Python package %s (expected: an environment that has it; Sluice loads"
                             " sklearn models itself, without mlflow)" % (loader, _missing_package(error))) from None
    data = os.environ.get("SLUICE_MLFLOW_DATA")
    return module._load_pyfunc(os.path.join(folder, data) if data else folder)


def init():
    global _model, _predict
    folder = os.environ["SLUICE_MLFLOW_MODEL"]
    loader = os.environ["SLUICE_MLFLOW_LOADER"]
    if loader == "sklearn":
        _model = _load_sklearn(folder)
        name = os.environ.get("SLUICE_MLFLOW_PREDICT_FN", "predict")
    else:
        _model = _load_pyfunc(folder, loader)
        name = "predict"
    _predict = getattr(_model, name, None)
    if not callable(_predict):
        raise ModelLoadError("the loaded model (%s) has no method %s()" % (type(_model).__name__, name))


def _table(request):
    columns, types, data = request["columns"], request["types"], request["data"]
    try:
        import pandas
    except ImportError:
        pandas = None
    if pandas is not None and all(c is not None for c in columns):
        frame = pandas.DataFrame(data, columns=columns)
        for column, kind in zip(columns, types):
            if kind in NUMERIC and not frame[column].isnull().any():
                frame[column] = frame[column].astype(NUMERIC[kind])
        return frame
    import numpy
    numeric = bool(types) and all(t in NUMERIC for t in types)
    return numpy.asarray(data, dtype="float64" if numeric else None)


def _tensor(spec):
    import numpy
    dtype = spec.get("dtype")
    return numpy.asarray(spec["data"], dtype=None if dtype in (None, "str", "object") else dtype)


def run(raw_data):
    request = json.loads(raw_data)
    if request["kind"] == "table":
        model_input = _table(request)
    else:
        tensors = {name: _tensor(spec) for name, spec in request["tensors"].items()}
        model_input = tensors[""] if list(tensors) == [""] else tensors
    return _predict(model_input)
