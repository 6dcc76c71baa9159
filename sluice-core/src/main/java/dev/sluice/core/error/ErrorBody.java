package dev.sluice.core.error;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON error body that every Sluice HTTP edge answers with (management API, gateway, worker; the Python
 * runner's {@code sluice_encoding.error_body} writes the same bytes, checked against the same golden file):
 * <pre>{"error":{"code":"&lt;code&gt;","message":"&lt;message&gt;","target":"&lt;target&gt;"|null}}</pre>
 * {@code code} is an {@link ErrorCode#azureName()}, or for a score.py deployment's own routes the name Azure's
 * inference server uses. Strings are escaped by Jackson's encoder straight into UTF-8 (the code names once): no
 * generator, no tree, two small arrays per body, since the gateway writes these on its event loops.
 */
public final class ErrorBody {

    private static final byte[] CODE = ascii("{\"error\":{\"code\":\"");
    private static final byte[] MESSAGE = ascii("\",\"message\":\"");
    private static final byte[] TARGET = ascii("\",\"target\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] QUOTE = ascii("\"");
    private static final byte[] END = ascii("}}");
    /** Each code's name, escaped once: never written to, so shared by every thread. */
    private static final byte[][] CODES = quotedCodes();

    private ErrorBody() {
    }

    /** The body of {@code code} with {@code message}; {@code target} (a field or resource) may be null. */
    public static byte[] json(ErrorCode code, String message, String target) {
        return json(CODES[code.ordinal()], message, target);
    }

    /** As {@link #json(ErrorCode, String, String)}, for a code name that is not an {@link ErrorCode}. */
    public static byte[] json(String code, String message, String target) {
        return json(JsonStringEncoder.getInstance().quoteAsUTF8(code), message, target);
    }

    private static byte[] json(byte[] codeBytes, String message, String target) {
        JsonStringEncoder encoder = JsonStringEncoder.getInstance();
        byte[] messageBytes = encoder.quoteAsUTF8(message == null ? "" : message);
        byte[] targetBytes = target == null ? NULL : encoder.quoteAsUTF8(target);
        int quotes = target == null ? 0 : 2 * QUOTE.length;
        byte[] out = new byte[CODE.length + codeBytes.length + MESSAGE.length + messageBytes.length + TARGET.length
                + quotes + targetBytes.length + END.length];
        int at = put(out, 0, CODE);
        at = put(out, at, codeBytes);
        at = put(out, at, MESSAGE);
        at = put(out, at, messageBytes);
        at = put(out, at, TARGET);
        if (target != null) {
            at = put(out, at, QUOTE);
        }
        at = put(out, at, targetBytes);
        if (target != null) {
            at = put(out, at, QUOTE);
        }
        put(out, at, END);
        return out;
    }

    private static int put(byte[] out, int at, byte[] part) {
        System.arraycopy(part, 0, out, at, part.length);
        return at + part.length;
    }

    private static byte[][] quotedCodes() {
        ErrorCode[] codes = ErrorCode.values();
        byte[][] quoted = new byte[codes.length][];
        for (ErrorCode code : codes) {
            quoted[code.ordinal()] = JsonStringEncoder.getInstance().quoteAsUTF8(code.azureName());
        }
        return quoted;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
