"""``from azureml_inference_server_http.api.aml_response import AMLResponse`` works as on Azure."""
from azureml.contrib.services.aml_response import AMLResponse  # noqa: F401
