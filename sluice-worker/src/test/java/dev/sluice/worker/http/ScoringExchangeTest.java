package dev.sluice.worker.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScoringExchangeTest {

    private static final byte[] CONTENT = "{\"inputs\": []}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aBufferThatIsExactlyOneArrayGivesThatArray() {
        byte[] array = CONTENT.clone();
        assertThat(ScoringExchange.bytes(BufferInternal.buffer(Unpooled.wrappedBuffer(array)))).isSameAs(array);
    }

    @Test
    void aBufferWithRoomToSpareIsCopiedToItsLength() {
        Buffer buffer = Buffer.buffer(1024).appendBytes(CONTENT);
        assertThat(ScoringExchange.bytes(buffer)).isEqualTo(CONTENT);
    }

    @Test
    void aSliceOfALargerArrayIsCopied() {
        byte[] larger = new byte[CONTENT.length + 4];
        System.arraycopy(CONTENT, 0, larger, 2, CONTENT.length);
        Buffer slice = BufferInternal.buffer(Unpooled.wrappedBuffer(larger, 2, CONTENT.length));
        assertThat(ScoringExchange.bytes(slice)).isEqualTo(CONTENT).isNotSameAs(larger);
        // A Vert.x buffer's content starts at 0 whatever its reader index: the same as Buffer.getBytes().
        Buffer read = BufferInternal.buffer(Unpooled.wrappedBuffer(larger).readerIndex(2));
        assertThat(ScoringExchange.bytes(read)).isEqualTo(read.getBytes()).hasSize(larger.length);
    }

    @Test
    void anEmptyBufferIsEmpty() {
        assertThat(ScoringExchange.bytes(Buffer.buffer())).isEmpty();
    }
}
