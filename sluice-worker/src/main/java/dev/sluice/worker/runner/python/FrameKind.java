package dev.sluice.worker.runner.python;

/** What a frame between the worker and a Python runner carries; the codes are the Python side's {@code KIND_*}. */
public enum FrameKind {
    /** Worker → runner: one HTTP request for {@code run()}. */
    REQUEST(1),
    /** Runner → worker: {@code run()}'s answer (status, headers, body). */
    RESPONSE(2),
    /** Runner → worker: {@code run()} raised; the meta holds the summary and the traceback. */
    RUN_FAILED(3),
    /** Runner → worker, once: the script is loaded and {@code init()} returned. */
    READY(4),
    /** Runner → worker, once: the script could not be loaded or {@code init()} raised; the runner then exits. */
    INIT_FAILED(5);

    private final int code;

    FrameKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The kind with this code, or null when there is none. */
    public static FrameKind of(int code) {
        for (FrameKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        return null;
    }
}
