"""Runs one Azure ML scoring script (score.py) for a Sluice worker.

    python -u sluice_runner.py <code folder> <scoring script, relative to the code folder>

The worker starts WORKER_COUNT of these per instance and talks to each over its stdin and stdout with the frame
protocol of sluice_protocol. At start the runner moves the protocol to private file descriptors and points fd 1
at stderr, so everything the script prints (print, logging, C libraries) reaches the worker's console line by
line and can never corrupt a frame. Then, as Azure's inference server does:
  - the script is imported and must define init() and run(); init() runs once; READY or INIT_FAILED is sent
    (INIT_FAILED carries the traceback without the runner's own frames; the runner then exits with code 3);
  - each REQUEST calls run(raw_data) with the body as str (a GET passes its query parameters as a JSON object),
    run(raw_data, request_headers=...) when run names that parameter, or run(AMLRequest) under @rawhttp;
  - the return value is sent as json.dumps(value) unless it is an AMLResponse; an exception becomes RUN_FAILED,
    whose body is the error body the caller gets (a 500 ModelError, as for Java scoring code).
Standard library only.
"""

import importlib.util
import inspect
import json
import logging
import os
import sys
import traceback

if sys.version_info < (3, 8):
    sys.stderr.write("sluice runner: Python %d.%d is too old (expected: Python 3.8 or later)\n"
                     % sys.version_info[:2])
    sys.exit(3)

import sluice_egress  # noqa: E402
import sluice_protocol as protocol  # noqa: E402
from azureml.contrib.services.aml_request import AMLRequest, Headers, is_rawhttp  # noqa: E402
from azureml.contrib.services.aml_response import AMLResponse  # noqa: E402
from sluice_encoding import error_body, to_json_bytes  # noqa: E402

EXIT_USAGE = 2
EXIT_INIT_FAILED = 3
MODEL_ERROR = "ModelError"
_OWN_FILES = tuple(os.path.abspath(f) for f in (__file__, protocol.__file__))


class ScriptError(Exception):
    """The scoring script cannot serve: missing, or without init() or run()."""


def take_over_stdio():
    """Moves the protocol to private descriptors; fd 0 becomes /dev/null and fd 1 a copy of stderr."""
    proto_in = os.fdopen(os.dup(0), "rb")
    proto_out = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    return proto_in, proto_out


def configure_logging():
    """INFO and above on the console, so that a script's logging.info() shows in get-logs as on Azure."""
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s [%(process)d] %(name)s - %(message)s")


def _is_ours(filename):
    return os.path.abspath(filename) in _OWN_FILES or filename.startswith("<frozen importlib")


def user_traceback(error):
    """The traceback of error without the frames of the runner and of importlib that lead to the script."""
    tb = error.__traceback__
    while tb is not None and _is_ours(tb.tb_frame.f_code.co_filename):
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(error), error, tb))


def summary(error):
    """'ValueError: bad input', as the last line of a traceback reads."""
    return "".join(traceback.format_exception_only(type(error), error)).strip().splitlines()[-1]


def load_script(code_dir, entry_script):
    """Imports the scoring script as a module; its folder and the code folder go on sys.path first."""
    path = entry_script if os.path.isabs(entry_script) else os.path.join(code_dir, entry_script)
    if not os.path.isfile(path):
        raise ScriptError("%s does not exist in the code folder %s (expected: code_configuration.scoring_script "
                          "relative to code_configuration.code)" % (entry_script, code_dir))
    for folder in (code_dir, os.path.dirname(os.path.abspath(path))):
        if folder not in sys.path:
            sys.path.insert(0, folder)
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def check_contract(module, entry_script):
    """Raises ScriptError naming what the script lacks."""
    missing = [name + "()" for name in ("init", "run") if not callable(getattr(module, name, None))]
    if missing:
        raise ScriptError("%s defines no %s (expected: def init() and def run(raw_data) at module level)"
                          % (entry_script, " and no ".join(missing)))


class RunCall(object):
    """How to call this script's run(): with the body, with the body and the headers, or with the request."""

    def __init__(self, run):
        self.run = run
        self.raw = is_rawhttp(run)
        try:
            self.headers = "request_headers" in inspect.signature(run).parameters
        except (TypeError, ValueError):
            self.headers = False

    def __call__(self, meta, body):
        method = meta.get("method", "POST")
        query = meta.get("query") or {}
        headers = meta.get("headers") or {}
        if self.raw:
            argument = AMLRequest(method, meta.get("path", "/score"), query, headers, body)
        elif method == "GET":
            argument = json.dumps(query)
        else:
            argument = bytes(body).decode("utf-8", "replace")
        if self.headers:
            return self.run(argument, request_headers=Headers(headers))
        return self.run(argument)


def encode_result(result):
    """(status, headers, body) of what run() returned."""
    if isinstance(result, AMLResponse):
        return result.status_code, dict(result.headers), result.get_data()
    return 200, {"Content-Type": "application/json"}, to_json_bytes(result)


def run_failed(message, trace):
    """The RUN_FAILED frame (kind, meta, body) of a run() that failed: the body is what the caller gets."""
    return protocol.KIND_RUN_FAILED, {"error": message, "traceback": trace}, error_body(MODEL_ERROR, message)


def answer(call, frame):
    """The RESPONSE or RUN_FAILED frame (kind, meta, body) for one REQUEST frame."""
    try:
        result = call(frame.meta, frame.body)
    except Exception as error:
        return run_failed(summary(error), user_traceback(error))
    try:
        status, headers, body = encode_result(result)
    except Exception as error:
        return run_failed("run() returned %s, which cannot be sent as JSON: %s"
                          % (type(result).__name__, summary(error)), "")
    return protocol.KIND_RESPONSE, {"status": status, "headers": headers}, body


def serve(proto_in, proto_out, module):
    """Answers requests until the worker closes the pipe."""
    call = RunCall(module.run)
    while True:
        frame = protocol.read_frame(proto_in)
        if frame is None:
            return 0
        if frame.kind != protocol.KIND_REQUEST:
            raise protocol.ProtocolError("unexpected frame kind %d from the worker (expected: %d)"
                                         % (frame.kind, protocol.KIND_REQUEST))
        kind, meta, body = answer(call, frame)
        protocol.write_frame(proto_out, kind, frame.id, meta, body)


def init_failed(proto_out, message, trace):
    protocol.write_frame(proto_out, protocol.KIND_INIT_FAILED, 0, {"error": message, "traceback": trace})
    return EXIT_INIT_FAILED


def start(proto_out, code_dir, entry_script):
    """Loads the script and runs init(); returns the module, or None once INIT_FAILED has been sent."""
    try:
        module = load_script(code_dir, entry_script)
    except ScriptError as error:
        init_failed(proto_out, str(error), "")
        return None
    except BaseException as error:
        init_failed(proto_out, "cannot load %s: %s" % (entry_script, summary(error)), user_traceback(error))
        return None
    try:
        check_contract(module, entry_script)
    except ScriptError as error:
        init_failed(proto_out, str(error), "")
        return None
    try:
        module.init()
    except BaseException as error:
        init_failed(proto_out, "%s: init() raised %s" % (entry_script, summary(error)), user_traceback(error))
        return None
    return module


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: python -u sluice_runner.py <code folder> <scoring script>\n")
        return EXIT_USAGE
    code_dir, entry_script = argv[1], argv[2]
    proto_in, proto_out = take_over_stdio()
    configure_logging()
    if os.environ.get(sluice_egress.VARIABLE, "").lower() == "disabled":
        sluice_egress.install()  # before the script is imported, so its module-level code is guarded too
        logging.getLogger("sluice").info("egress_public_network_access: disabled; outbound connections to public"
                                         " addresses are refused")
    if os.path.isdir(code_dir):
        os.chdir(code_dir)
    module = start(proto_out, code_dir, entry_script)
    if module is None:
        return EXIT_INIT_FAILED
    protocol.write_frame(proto_out, protocol.KIND_READY, 0, {
        "pid": os.getpid(), "python": "%d.%d.%d" % sys.version_info[:3], "executable": sys.executable,
        "rawhttp": is_rawhttp(module.run)})
    return serve(proto_in, proto_out, module)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
