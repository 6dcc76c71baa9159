"""Sluice's stand-in for the newer module path of Azure ML's inference server (``azureml_inference_server_http.api``)."""
