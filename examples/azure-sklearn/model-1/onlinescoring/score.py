import json
import logging
import os

import joblib
import numpy


def init():
    """
    Runs once when the deployment's instance starts, before it takes requests: load the model into memory here.
    """
    global model
    # AZUREML_MODEL_DIR is the folder that holds the deployment's model folder (model/, as model.path names it).
    model_path = os.path.join(os.getenv("AZUREML_MODEL_DIR"), "model/sklearn_regression_model.pkl")
    model = joblib.load(model_path)
    logging.info("Init complete")


def run(raw_data):
    """
    Runs for every request: the body arrives as a string; what this returns is sent back as JSON.
    """
    logging.info("model 1: request received")
    data = json.loads(raw_data)["data"]
    data = numpy.array(data)
    result = model.predict(data)
    logging.info("Request processed")
    return result.tolist()
