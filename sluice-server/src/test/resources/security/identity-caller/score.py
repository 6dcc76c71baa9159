"""Calls another endpoint of the server with a token of its own identity, and tries to reach the internet."""
import json
import os
import socket
import ssl
import urllib.request


def init():
    pass


def run(raw_data):
    out = {}
    ask = urllib.request.Request(os.environ["IDENTITY_ENDPOINT"] + "?resource=" + os.environ["TARGET_ENDPOINT"]
                                 + "&api-version=2019-08-01",
                                 headers={"X-IDENTITY-HEADER": os.environ["IDENTITY_HEADER"]})
    with urllib.request.urlopen(ask, timeout=10) as answer:
        token = json.load(answer)
    out["token_type"] = token["token_type"]
    call = urllib.request.Request(os.environ["TARGET_URI"], data=b'{"hello": "from python"}', method="POST",
                                  headers={"Authorization": "Bearer " + token["access_token"],
                                           "Content-Type": "application/json"})
    context = ssl.create_default_context(cafile=os.environ["TARGET_CA"])
    with urllib.request.urlopen(call, context=context, timeout=10) as answer:
        out["other_status"] = answer.status
    try:
        socket.create_connection(("8.8.8.8", 53), timeout=2).close()
        out["egress"] = "connected"
    except PermissionError:
        out["egress"] = "blocked"
    except OSError as e:
        out["egress"] = "error: " + type(e).__name__
    return out
