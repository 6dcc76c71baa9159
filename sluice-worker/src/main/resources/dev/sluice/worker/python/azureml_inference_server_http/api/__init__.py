"""The response and request types that scoring scripts import, shared with ``azureml.contrib.services``."""
