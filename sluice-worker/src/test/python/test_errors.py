"""The runner's error body against the golden bodies that the Java writer (ErrorBodyGoldenTest) is tested on."""

import json
import unittest

import golden
from sluice_encoding import error_body


def golden_bodies():
    return golden.cases("golden_error_bodies.json", "bodies")


class ErrorBodyTest(unittest.TestCase):

    def test_writes_every_golden_body_byte_for_byte(self):
        for case in golden_bodies():
            with self.subTest(case["name"]):
                self.assertEqual(error_body(case["code"], case["message"], case["target"]).hex(), case["body_hex"])

    def test_every_golden_body_is_the_one_shape(self):
        for case in golden_bodies():
            with self.subTest(case["name"]):
                body = json.loads(bytes.fromhex(case["body_hex"]).decode("utf-8"))
                self.assertEqual(body, {"error": {"code": case["code"], "message": case["message"],
                                                  "target": case["target"]}})
                self.assertEqual(list(body["error"]), ["code", "message", "target"])


if __name__ == "__main__":
    unittest.main()
