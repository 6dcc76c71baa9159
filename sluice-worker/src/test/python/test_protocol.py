"""Unit tests of the Python side of the worker <-> runner frame codec (sluice_protocol)."""

import io
import json
import struct
import unittest

import golden
import sluice_protocol as protocol


def golden_frames():
    return golden.cases("golden_frames.json", "frames")


class GoldenFramesTest(unittest.TestCase):
    """The same frames FrameCodecTest checks on the Java side: both codecs agree byte for byte."""

    def test_encodes_every_golden_frame_byte_for_byte(self):
        for case in golden_frames():
            with self.subTest(case["name"]):
                body = bytes.fromhex(case["body_hex"])
                meta = case["meta"].encode("utf-8")
                encoded = protocol.encode_header(case["kind"], int(case["id"]), meta, len(body)) + body
                self.assertEqual(encoded.hex(), case["frame_hex"])

    def test_decodes_every_golden_frame(self):
        for case in golden_frames():
            with self.subTest(case["name"]):
                frame = protocol.read_frame(io.BytesIO(bytes.fromhex(case["frame_hex"])))
                self.assertEqual(frame.kind, case["kind"])
                self.assertEqual(frame.id, int(case["id"]))
                self.assertEqual(frame.meta, json.loads(case["meta"]) if case["meta"] else {})
                self.assertEqual(frame.body, bytes.fromhex(case["body_hex"]))


class RoundTripTest(unittest.TestCase):

    def test_frames_written_in_a_row_are_read_back_in_order_then_none(self):
        stream = io.BytesIO()
        protocol.write_frame(stream, protocol.KIND_RESPONSE, 3, {"status": 201, "headers": {"a": "b"}}, b"x" * 70000)
        protocol.write_frame(stream, protocol.KIND_READY, 0, {"python": "3.11.2"})
        stream.seek(0)

        first = protocol.read_frame(stream)
        second = protocol.read_frame(stream)

        self.assertEqual((first.kind, first.id, first.meta["status"], len(first.body)), (2, 3, 201, 70000))
        self.assertEqual((second.kind, second.meta), (4, {"python": "3.11.2"}))
        self.assertIsNone(protocol.read_frame(stream))

    def test_meta_is_compact_utf8_json(self):
        frame = protocol.encode(protocol.KIND_RUN_FAILED, 9, {"error": "é"})

        self.assertIn('{"error":"é"}'.encode("utf-8"), frame)

    def test_reads_from_a_stream_that_returns_one_byte_at_a_time(self):
        class Trickle(io.RawIOBase):
            def __init__(self, data):
                self.data = data

            def readable(self):
                return True

            def read(self, n=-1):
                chunk, self.data = self.data[:1], self.data[1:]
                return chunk

        frame = protocol.read_frame(Trickle(protocol.encode(protocol.KIND_REQUEST, 5, {"method": "GET"}, b"abc")))

        self.assertEqual((frame.id, frame.meta, frame.body), (5, {"method": "GET"}, b"abc"))


class MalformedInputTest(unittest.TestCase):

    def assert_refused(self, data, message):
        with self.assertRaises(protocol.ProtocolError) as caught:
            protocol.read_frame(io.BytesIO(data))
        self.assertIn(message, str(caught.exception))

    def test_a_stream_that_ends_inside_a_frame_is_truncated(self):
        whole = protocol.encode(protocol.KIND_READY, 0, {"pid": 1})

        self.assert_refused(whole[:2], "truncated frame")
        self.assert_refused(whole[:-1], "truncated frame")

    def test_lengths_out_of_bounds_are_refused(self):
        self.assert_refused(struct.pack(">I", 3) + b"abc", "frame length 3 (expected: 13..")
        self.assert_refused(struct.pack(">I", protocol.MAX_FRAME_BYTES + 1), "frame length")

    def test_unknown_kind_bad_meta_length_and_non_object_meta_are_refused(self):
        self.assert_refused(struct.pack(">IBQI", 13, 99, 0, 0), "unknown frame kind 99")
        self.assert_refused(struct.pack(">IBQI", 13, 4, 0, 5), "meta length 5 exceeds")
        self.assert_refused(struct.pack(">IBQI", 15, 4, 0, 2) + b"[]", "expected: a JSON object")
        self.assert_refused(struct.pack(">IBQI", 15, 4, 0, 2) + b"{x", "not UTF-8 JSON")

    def test_encoding_refuses_unknown_kinds_and_ids_out_of_range(self):
        with self.assertRaises(protocol.ProtocolError):
            protocol.encode(42, 0, {})
        with self.assertRaises(protocol.ProtocolError):
            protocol.encode(protocol.KIND_READY, -1, {})
        with self.assertRaises(protocol.ProtocolError):
            protocol.encode(protocol.KIND_READY, 2 ** 64, {})


if __name__ == "__main__":
    unittest.main()
