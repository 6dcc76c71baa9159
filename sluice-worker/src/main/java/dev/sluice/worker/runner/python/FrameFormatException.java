package dev.sluice.worker.runner.python;

import java.io.IOException;

/** The bytes from the other side are not a well-formed frame: the runner cannot be trusted any more. */
public final class FrameFormatException extends IOException {

    public FrameFormatException(String message) {
        super(message);
    }
}
