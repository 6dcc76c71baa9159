#!/usr/bin/python3
"""Writes the scikit-learn model of the Azure-style sample, examples/azure-sklearn/model-1/model/.

Run with Debian's interpreter (python3-sklearn, python3-joblib, python3-numpy), from anywhere:

    /usr/bin/python3 models/generate_sklearn_regression.py

Like the model of Azure's own sample (azureml-examples cli/endpoints/online/model-1), it is a ridge regression
over the ten features of the diabetes data set that ships with scikit-learn, so that its sample request
({"data": [[1, 2, ..., 10], [10, 9, ..., 1]]}) is answered with two numbers. Ridge regression has no randomness:
running this again with the same library versions writes the same bytes.
"""
import os

import joblib
import sklearn
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Ridge

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = os.path.join(ROOT, "examples", "azure-sklearn", "model-1", "model", "sklearn_regression_model.pkl")


def main():
    features, target = load_diabetes(return_X_y=True)
    model = Ridge(alpha=0.5).fit(features, target)
    os.makedirs(os.path.dirname(MODEL), exist_ok=True)
    joblib.dump(model, MODEL)
    print("wrote", os.path.relpath(MODEL, ROOT), "with scikit-learn", sklearn.__version__)
    print("sample prediction:", model.predict([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]]).tolist())


if __name__ == "__main__":
    main()
