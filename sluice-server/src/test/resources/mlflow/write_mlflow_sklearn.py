"""Writes an MLflow sklearn model as mlflow.sklearn.log_model lays it out, without the mlflow package.

    /usr/bin/python3 write_mlflow_sklearn.py <folder>

<folder>/model/ gets MLmodel, model.pkl, conda.yaml, python_env.yaml and requirements.txt (the layout of
azureml-examples' cli/endpoints/online/ncd models); the model is a ridge regression over four columns of
scikit-learn's diabetes data, with a column signature. Prints the model's predictions for the two rows of the
sample request as JSON, for the test to compare with what the endpoint answers.
"""
import json
import os
import pickle
import sys

import numpy
import sklearn
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Ridge

COLUMNS = ["age", "sex", "bmi", "bp"]
ROWS = [[0.038, 0.05, 0.062, 0.022], [-0.002, -0.045, -0.051, -0.026]]

MLMODEL = """artifact_path: model
flavors:
  python_function:
    env:
      conda: conda.yaml
      virtualenv: python_env.yaml
    loader_module: mlflow.sklearn
    model_path: model.pkl
    predict_fn: predict
    python_version: {python}
  sklearn:
    code: null
    pickled_model: model.pkl
    serialization_format: cloudpickle
    sklearn_version: {sklearn}
mlflow_version: 2.9.2
model_uuid: 6a1f0c9e2b7d4e0f9a3c5b1d2e4f6a8b
run_id: 0c4d3b2a19f84e7d8c6b5a4f3e2d1c0b
signature:
  inputs: '{inputs}'
  outputs: '[{{"type": "tensor", "tensor-spec": {{"dtype": "float64", "shape": [-1]}}}}]'
utc_time_created: '2026-11-29 07:00:00.000000'
"""

CONDA = """channels:
- conda-forge
dependencies:
- python={python}
- pip<=23.0.1
- pip:
  - mlflow==2.9.2
  - cloudpickle==2.2.1
  - numpy=={numpy}
  - scikit-learn=={sklearn}
name: mlflow-env
"""


def main(folder):
    features, target = load_diabetes(return_X_y=True)
    model = Ridge(alpha=0.5).fit(features[:, :4], target)
    out = os.path.join(folder, "model")
    os.makedirs(out, exist_ok=True)
    versions = {"python": "%d.%d.%d" % sys.version_info[:3], "sklearn": sklearn.__version__,
                "numpy": numpy.__version__}
    inputs = json.dumps([{"type": "double", "name": c, "required": True} for c in COLUMNS])
    with open(os.path.join(out, "MLmodel"), "w") as f:
        f.write(MLMODEL.format(inputs=inputs, **versions))
    with open(os.path.join(out, "model.pkl"), "wb") as f:
        pickle.dump(model, f)
    with open(os.path.join(out, "conda.yaml"), "w") as f:
        f.write(CONDA.format(**versions))
    with open(os.path.join(out, "python_env.yaml"), "w") as f:
        f.write("python: %s\nbuild_dependencies:\n- pip\ndependencies:\n- -r requirements.txt\n" % versions["python"])
    with open(os.path.join(out, "requirements.txt"), "w") as f:
        f.write("mlflow==2.9.2\ncloudpickle==2.2.1\nnumpy==%s\nscikit-learn==%s\n"
                % (versions["numpy"], versions["sklearn"]))
    print(json.dumps(model.predict(numpy.array(ROWS)).tolist()))


if __name__ == "__main__":
    main(sys.argv[1])
