"""Sluice's stand-in for the parts of Azure ML's inference server that scoring scripts import.

Other azureml.* packages installed in the environment stay importable: this package extends its path over them.
"""
__path__ = __import__("pkgutil").extend_path(__path__, __name__)
