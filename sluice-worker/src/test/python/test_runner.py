"""Unit tests of the runner's Azure contract: loading, calling run(), encoding answers, and the process itself."""

import datetime
import decimal
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

import sluice_protocol as protocol
import sluice_runner as runner
from azureml.contrib.services.aml_request import AMLRequest, Headers, rawhttp
from azureml.contrib.services.aml_response import AMLResponse
from sluice_encoding import to_json_bytes

RUNNER = os.path.abspath(runner.__file__)


def request(method="POST", body=b"", query=None, headers=None, frame_id=1, path="/score"):
    meta = {"method": method, "path": path, "query": query or {}, "headers": headers or {}}
    return protocol.Frame(protocol.KIND_REQUEST, frame_id, meta, body)


class ScriptFolder(unittest.TestCase):
    """A temporary code folder holding score.py."""

    def setUp(self):
        self.code = tempfile.mkdtemp(prefix="sluice-runner-test-")
        self.addCleanup(shutil.rmtree, self.code)

    def write(self, source, name="score.py"):
        with open(os.path.join(self.code, name), "w", encoding="utf-8") as f:
            f.write(textwrap.dedent(source))


class RunCallTest(unittest.TestCase):

    def test_post_passes_the_body_as_str(self):
        seen = []
        runner.RunCall(lambda raw_data: seen.append(raw_data))(request(body='{"data": "é"}'.encode()).meta,
                                                                 '{"data": "é"}'.encode())
        self.assertEqual(seen, ['{"data": "é"}'])

    def test_get_passes_the_query_parameters_as_json(self):
        seen = []
        frame = request(method="GET", query={"a": "1", "b": "x y"})
        runner.RunCall(lambda raw_data: seen.append(raw_data))(frame.meta, frame.body)
        self.assertEqual(json.loads(seen[0]), {"a": "1", "b": "x y"})

    def test_request_headers_parameter_gets_headers_looked_up_without_case(self):
        seen = {}

        def run(raw_data, request_headers):
            seen["type"] = request_headers.get("Content-Type")
            seen["id"] = request_headers["x-request-id"]
            seen["names"] = sorted(request_headers)

        frame = request(headers={"content-type": ["application/json"], "x-request-id": ["r-1"], "accept": ["a", "b"]})
        runner.RunCall(run)(frame.meta, frame.body)
        self.assertEqual(seen, {"type": "application/json", "id": "r-1",
                                "names": ["Accept", "Content-Type", "X-Request-Id"]})

    def test_rawhttp_run_gets_the_whole_request(self):
        @rawhttp
        def run(req):
            return req

        frame = request(method="POST", query={"v": "2"}, headers={"content-type": ["application/json"]},
                        body=b'{"x": 1}')
        req = runner.RunCall(run)(frame.meta, frame.body)
        self.assertIsInstance(req, AMLRequest)
        self.assertEqual((req.method, req.path, req.full_path, req.args), ("POST", "/score", "/score?v=2", {"v": "2"}))
        self.assertEqual((req.get_data(), req.get_data(as_text=True), req.get_json()), (b'{"x": 1}', '{"x": 1}', {"x": 1}))


class AnswerTest(unittest.TestCase):

    def answer(self, run, frame=None):
        return runner.answer(runner.RunCall(run), frame or request(body=b"{}"))

    def test_a_plain_return_value_is_json_dumps_of_it(self):
        kind, meta, body = self.answer(lambda raw: {"result": [1.5, 2], "text": "x"})
        self.assertEqual((kind, meta["status"]), (protocol.KIND_RESPONSE, 200))
        self.assertEqual(meta["headers"], {"Content-Type": "application/json"})
        self.assertEqual(body, json.dumps({"result": [1.5, 2], "text": "x"}).encode())

    def test_a_returned_str_is_encoded_as_a_json_string_as_on_azure(self):
        self.assertEqual(self.answer(lambda raw: "hello")[2], b'"hello"')

    def test_an_amlresponse_keeps_its_status_headers_and_body(self):
        kind, meta, body = self.answer(lambda raw: AMLResponse("bad input", 400, {"X-Reason": "shape"}))
        self.assertEqual((kind, meta["status"], body), (protocol.KIND_RESPONSE, 400, b"bad input"))
        self.assertEqual(meta["headers"]["X-Reason"], "shape")

    def test_an_exception_in_run_is_run_failed_with_the_summary_and_the_users_traceback(self):
        def run(raw):
            raise ValueError("bad input")

        kind, meta, body = self.answer(run)
        self.assertEqual((kind, meta["error"]), (protocol.KIND_RUN_FAILED, "ValueError: bad input"))
        self.assertIn("in run", meta["traceback"])
        self.assertNotIn("sluice_runner.py", meta["traceback"])
        self.assertEqual(json.loads(body), {"error": {"code": "ModelError", "message": "ValueError: bad input",
                                                      "target": None}})

    def test_a_value_json_cannot_encode_is_run_failed_naming_its_type(self):
        kind, meta, body = self.answer(lambda raw: object())
        self.assertEqual(kind, protocol.KIND_RUN_FAILED)
        self.assertEqual(meta["error"], "run() returned object, which cannot be sent as JSON:"
                                        " TypeError: Object of type object is not JSON serializable")
        self.assertEqual(json.loads(body)["error"]["message"], meta["error"])


class EncodingTest(unittest.TestCase):

    def test_values_with_tolist_to_dict_sets_dates_and_decimals_are_converted(self):
        class Array(object):
            def tolist(self):
                return [[1, 2], [3, 4]]

        class Frame(object):
            def to_dict(self, orient):
                return [{"orient": orient}]

        value = {"a": Array(), "f": Frame(), "s": {7}, "d": datetime.date(2026, 1, 2), "m": decimal.Decimal("1.5")}
        self.assertEqual(json.loads(to_json_bytes(value)), {"a": [[1, 2], [3, 4]], "f": [{"orient": "records"}],
                                                            "s": [7], "d": "2026-01-02", "m": 1.5})

    def test_numpy_arrays_and_scalars_encode_as_lists_and_numbers(self):
        try:
            import numpy
        except ImportError:
            self.skipTest("numpy is not installed (Debian package python3-numpy)")
        value = {"array": numpy.array([[1.5, 2.0]]), "int": numpy.int64(3), "bool": numpy.bool_(True),
                 "float": numpy.float32(0.5)}
        self.assertEqual(json.loads(to_json_bytes(value)), {"array": [[1.5, 2.0]], "int": 3, "bool": True,
                                                            "float": 0.5})


class AmlTypesTest(unittest.TestCase):

    def test_amlresponse_bodies_as_azure_builds_them(self):
        self.assertEqual(AMLResponse({"a": 1}, 200, json_str=True).get_data(), b'{"a": 1}')
        self.assertEqual(AMLResponse({"a": 1}, 200, json_str=True).content_type, "application/json")
        self.assertEqual(AMLResponse("<b>hi</b>", 201).content_type, "text/html; charset=utf-8")
        self.assertEqual(AMLResponse(None, 204).get_data(), b"{}")
        self.assertEqual(AMLResponse(b"\x00\x01", 200).get_data(), b"\x00\x01")
        self.assertEqual(AMLResponse("x", 500, run_function_failed=True).headers["x-ms-run-function-failed"], "True")

    def test_a_content_type_in_the_headers_replaces_the_default_whatever_its_case(self):
        response = AMLResponse("a,b", 200, {"content-type": "text/csv"})
        self.assertEqual([k for k in response.headers if k.lower() == "content-type"], ["content-type"])
        self.assertEqual(response.content_type, "text/csv")

    def test_headers_join_repeated_values(self):
        self.assertEqual(Headers({"accept": ["a", "b"]})["ACCEPT"], "a, b")
        self.assertNotIn("x-missing", Headers({}))


class LoadingTest(ScriptFolder):

    def test_loads_the_script_from_its_code_folder_with_sibling_imports(self):
        self.write("VALUE = 41\n", name="helper_for_sluice_test.py")
        self.write("""
            import helper_for_sluice_test
            def init():
                pass
            def run(raw_data):
                return helper_for_sluice_test.VALUE + 1
        """)
        module = runner.load_script(self.code, "score.py")
        self.assertEqual(module.run(""), 42)

    def test_a_script_without_run_breaks_the_contract_naming_what_is_missing(self):
        self.write("def init():\n    pass\n")
        module = runner.load_script(self.code, "score.py")
        with self.assertRaises(runner.ScriptError) as caught:
            runner.check_contract(module, "score.py")
        self.assertEqual(str(caught.exception), "score.py defines no run() (expected: def init() and"
                                                " def run(raw_data) at module level)")

    def test_a_missing_script_names_the_code_folder(self):
        with self.assertRaises(runner.ScriptError) as caught:
            runner.load_script(self.code, "nope.py")
        self.assertIn("nope.py does not exist in the code folder " + self.code, str(caught.exception))

    def test_the_users_traceback_starts_at_the_users_frames(self):
        self.write("def init():\n    raise KeyError('weights')\ndef run(raw_data):\n    pass\n")
        module = runner.load_script(self.code, "score.py")
        try:
            module.init()
        except KeyError as error:
            trace = runner.user_traceback(error)
        self.assertIn("score.py\", line 2, in init", trace)
        self.assertNotIn("test_runner.py", trace.split("score.py")[-1])
        self.assertTrue(trace.rstrip().endswith("KeyError: 'weights'"))


class RunnerProcessTest(ScriptFolder):
    """The runner as the worker starts it, spoken to through its stdin and stdout."""

    def start(self):
        env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONDONTWRITEBYTECODE="1")
        process = subprocess.Popen([sys.executable, "-u", RUNNER, self.code, "score.py"], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self.addCleanup(process.kill)
        self.addCleanup(process.stderr.close)
        self.addCleanup(process.stdout.close)
        self.addCleanup(process.stdin.close)
        return process

    def test_prints_go_to_stderr_and_frames_to_stdout(self):
        self.write("""
            import logging, os
            def init():
                print("init says hi")
                os.write(1, b"a C library writes to fd 1\\n")
            def run(raw_data):
                print("run got", raw_data)
                logging.getLogger("score").info("logged")
                return {"echo": raw_data}
        """)
        process = self.start()

        ready = protocol.read_frame(process.stdout)
        self.assertEqual(ready.kind, protocol.KIND_READY)
        protocol.write_frame(process.stdin, protocol.KIND_REQUEST, 12, request(body=b"abc").meta, b"abc")
        response = protocol.read_frame(process.stdout)
        process.stdin.close()
        self.assertEqual(process.wait(timeout=30), 0)

        self.assertEqual((response.kind, response.id, json.loads(response.body)), (2, 12, {"echo": "abc"}))
        err = process.stderr.read().decode()
        self.assertIn("init says hi\n", err)
        self.assertIn("a C library writes to fd 1\n", err)
        self.assertIn("run got abc\n", err)
        self.assertRegex(err, r"INFO \[\d+\] score - logged")

    def test_an_init_failure_sends_init_failed_with_the_traceback_and_exits_3(self):
        self.write("def init():\n    1 / 0\ndef run(raw_data):\n    pass\n")
        process = self.start()

        frame = protocol.read_frame(process.stdout)

        self.assertEqual(process.wait(timeout=30), 3)
        self.assertEqual((frame.kind, frame.meta["error"]),
                         (protocol.KIND_INIT_FAILED, "score.py: init() raised ZeroDivisionError: division by zero"))
        self.assertIn("line 2, in init", frame.meta["traceback"])

    def test_a_syntax_error_sends_init_failed_naming_the_line(self):
        self.write("def init(:\n    pass\n")
        process = self.start()

        frame = protocol.read_frame(process.stdout)

        self.assertEqual(process.wait(timeout=30), 3)
        self.assertTrue(frame.meta["error"].startswith("cannot load score.py: SyntaxError:"), frame.meta["error"])
        self.assertIn("score.py\", line 1", frame.meta["traceback"])


if __name__ == "__main__":
    unittest.main()
