"""The frame protocol between a Sluice worker (Java) and its Python runner.

Every frame is one length-prefixed record, all integers big-endian:

    u32 length   number of bytes that follow (kind + id + meta length + meta + body)
    u8  kind     see the KIND_* constants
    u64 id       the request a frame belongs to; 0 for READY and INIT_FAILED
    u32 meta     length of the meta part
    meta         a UTF-8 JSON object (method, path, headers, status, error, ...)
    body         raw bytes: the request or response body, never re-encoded

The Java twin is dev.sluice.worker.runner.python.FrameCodec; both sides test against the same golden frames.
Standard library only: the runner must start in any Python 3.8+ environment.
"""

import json
import struct
from collections import namedtuple

KIND_REQUEST = 1
KIND_RESPONSE = 2
KIND_RUN_FAILED = 3
KIND_READY = 4
KIND_INIT_FAILED = 5
KINDS = (KIND_REQUEST, KIND_RESPONSE, KIND_RUN_FAILED, KIND_READY, KIND_INIT_FAILED)

# Larger frames are refused on both sides: a bound against garbage on the pipe, far above any sane body.
MAX_FRAME_BYTES = 512 * 1024 * 1024

_LENGTH = struct.Struct(">I")
_FIXED = struct.Struct(">BQI")

Frame = namedtuple("Frame", "kind id meta body")


class ProtocolError(Exception):
    """The bytes on the pipe are not a well-formed frame."""


def encode_header(kind, frame_id, meta_bytes, body_length):
    """The bytes that precede the body of a frame."""
    if kind not in KINDS:
        raise ProtocolError("unknown frame kind %r (expected one of %s)" % (kind, KINDS))
    if not 0 <= frame_id < 2 ** 64:
        raise ProtocolError("frame id %r out of range (expected 0..2^64-1)" % (frame_id,))
    length = _FIXED.size + len(meta_bytes) + body_length
    if length > MAX_FRAME_BYTES:
        raise ProtocolError("frame of %d bytes is larger than %d" % (length, MAX_FRAME_BYTES))
    return _LENGTH.pack(length) + _FIXED.pack(kind, frame_id, len(meta_bytes)) + meta_bytes


def meta_bytes(meta):
    """The compact UTF-8 JSON of a meta object."""
    return json.dumps(meta, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def encode(kind, frame_id, meta, body=b""):
    """One whole frame as bytes."""
    encoded_meta = meta_bytes(meta)
    return encode_header(kind, frame_id, encoded_meta, len(body)) + bytes(body)


def write_frame(stream, kind, frame_id, meta, body=b""):
    """Writes one frame and flushes; the body is written as is, without a copy into the header."""
    encoded_meta = meta_bytes(meta)
    stream.write(encode_header(kind, frame_id, encoded_meta, len(body)))
    if body:
        stream.write(body)
    stream.flush()


def _read_exactly(stream, count, what):
    chunks = []
    left = count
    while left > 0:
        chunk = stream.read(left)
        if not chunk:
            raise ProtocolError("truncated frame: the stream ended %d bytes into %s of %d bytes"
                                % (count - left, what, count))
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_frame(stream):
    """The next frame, or None when the stream ends cleanly between frames."""
    first = stream.read(_LENGTH.size)
    if not first:
        return None
    if len(first) < _LENGTH.size:
        first += _read_exactly(stream, _LENGTH.size - len(first), "the length")
    (length,) = _LENGTH.unpack(first)
    if length < _FIXED.size or length > MAX_FRAME_BYTES:
        raise ProtocolError("frame length %d (expected: %d..%d)" % (length, _FIXED.size, MAX_FRAME_BYTES))
    rest = _read_exactly(stream, length, "a frame")
    kind, frame_id, meta_length = _FIXED.unpack_from(rest)
    if kind not in KINDS:
        raise ProtocolError("unknown frame kind %d (expected one of %s)" % (kind, KINDS))
    if meta_length > length - _FIXED.size:
        raise ProtocolError("meta length %d exceeds the frame's %d bytes" % (meta_length, length - _FIXED.size))
    start = _FIXED.size
    try:
        meta = json.loads(rest[start:start + meta_length].decode("utf-8")) if meta_length else {}
    except ValueError as e:
        raise ProtocolError("frame meta is not UTF-8 JSON: %s" % e)
    if not isinstance(meta, dict):
        raise ProtocolError("frame meta is %s (expected: a JSON object)" % type(meta).__name__)
    return Frame(kind, frame_id, meta, rest[start + meta_length:])
