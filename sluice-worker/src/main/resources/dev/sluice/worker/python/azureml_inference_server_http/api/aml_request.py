"""``from azureml_inference_server_http.api.aml_request import AMLRequest, rawhttp`` works as on Azure."""
from azureml.contrib.services.aml_request import AMLRequest, rawhttp  # noqa: F401
