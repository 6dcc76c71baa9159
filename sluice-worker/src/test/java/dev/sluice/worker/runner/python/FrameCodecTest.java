package dev.sluice.worker.runner.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Java side of the worker ↔ runner frame codec; test_protocol.py checks the Python side on the same frames. */
class FrameCodecTest {

    /** Shared with the Python tests, so that both codecs are held to the same bytes. */
    static final Path GOLDEN = Path.of("src", "test", "python", "golden_frames.json");
    private static final HexFormat HEX = HexFormat.of();

    private static JsonNode golden() throws IOException {
        return new ObjectMapper().readTree(GOLDEN.toFile()).get("frames");
    }

    private static Frame frameOf(JsonNode c) {
        return new Frame(FrameKind.of(c.get("kind").asInt()), Long.parseUnsignedLong(c.get("id").asText()),
                c.get("meta").asText().getBytes(StandardCharsets.UTF_8), HEX.parseHex(c.get("body_hex").asText()));
    }

    @Test
    void encodesEveryGoldenFrameByteForByte() throws IOException {
        for (JsonNode c : golden()) {
            assertThat(HEX.formatHex(FrameCodec.encode(frameOf(c)))).as(c.get("name").asText())
                    .isEqualTo(c.get("frame_hex").asText());
        }
    }

    @Test
    void decodesEveryGoldenFrame() throws IOException {
        for (JsonNode c : golden()) {
            Frame expected = frameOf(c);
            Frame frame = FrameCodec.read(new ByteArrayInputStream(HEX.parseHex(c.get("frame_hex").asText()))).orElseThrow();
            assertThat(frame.kind()).as(c.get("name").asText()).isEqualTo(expected.kind());
            assertThat(Long.toUnsignedString(frame.id())).isEqualTo(c.get("id").asText());
            assertThat(frame.meta()).isEqualTo(expected.meta());
            assertThat(frame.body()).isEqualTo(expected.body());
        }
    }

    @Test
    void framesInARowAreReadInOrderThenTheStreamEndsCleanly() throws IOException {
        byte[] big = new byte[200_000];
        big[199_999] = 7;
        byte[] both = concat(FrameCodec.encode(new Frame(FrameKind.RESPONSE, 3, "{}".getBytes(), big)),
                FrameCodec.encode(new Frame(FrameKind.READY, 0, null, null)));
        InputStream in = new ByteArrayInputStream(both);

        Frame first = FrameCodec.read(in).orElseThrow();
        Frame second = FrameCodec.read(in).orElseThrow();

        assertThat(first.body()).hasSize(200_000).endsWith(7);
        assertThat(second.kind()).isEqualTo(FrameKind.READY);
        assertThat(second.meta()).isEmpty();
        assertThat(FrameCodec.read(in)).isEqualTo(Optional.empty());
    }

    @Test
    void readsFromAStreamThatHandsOutOneByteAtATime() throws IOException {
        byte[] bytes = FrameCodec.encode(new Frame(FrameKind.REQUEST, 5, "{\"a\":1}".getBytes(), "abc".getBytes()));
        InputStream trickle = new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(1, len));
            }
        };

        Frame frame = FrameCodec.read(trickle).orElseThrow();

        assertThat(frame.id()).isEqualTo(5);
        assertThat(new String(frame.body(), StandardCharsets.UTF_8)).isEqualTo("abc");
    }

    @Test
    void aStreamEndingInsideAFrameIsTruncated() {
        byte[] whole = FrameCodec.encode(new Frame(FrameKind.READY, 0, "{\"pid\":1}".getBytes(), null));

        assertRefused(java.util.Arrays.copyOf(whole, 2), "truncated frame");
        assertRefused(java.util.Arrays.copyOf(whole, whole.length - 1), "truncated frame");
    }

    @Test
    void lengthsKindsAndMetaLengthsOutOfBoundsAreRefused() {
        assertRefused(ByteBuffer.allocate(7).putInt(3).put("abc".getBytes()).array(), "frame length 3 (expected: 13..");
        assertRefused(ByteBuffer.allocate(4).putInt(-1).array(), "frame length 4294967295");
        assertRefused(ByteBuffer.allocate(17).putInt(13).put((byte) 99).putLong(0).putInt(0).array(),
                "unknown frame kind 99");
        assertRefused(ByteBuffer.allocate(17).putInt(13).put((byte) 4).putLong(0).putInt(5).array(),
                "meta length 5 exceeds the frame's 0 bytes");
    }

    @Test
    void encodingRefusesFramesOverTheLimit() {
        assertThat(FrameCodec.lengthField(10, FrameCodec.MAX_FRAME_BYTES - 23)).isEqualTo(FrameCodec.MAX_FRAME_BYTES);
        assertThatThrownBy(() -> FrameCodec.lengthField(10, FrameCodec.MAX_FRAME_BYTES - 22))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("frame of " + (FrameCodec.MAX_FRAME_BYTES + 1L) + " bytes is larger than "
                        + FrameCodec.MAX_FRAME_BYTES);
    }

    private static void assertRefused(byte[] bytes, String message) {
        assertThatThrownBy(() -> FrameCodec.read(new ByteArrayInputStream(bytes)))
                .isInstanceOf(FrameFormatException.class).hasMessageContaining(message);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }
}
