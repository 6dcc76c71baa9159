package dev.sluice.scoring;

/**
 * What a Java deployment's scoring code implements: the Java twin of Azure's {@code score.py}
 * ({@code init()} once, {@code run()} per request).
 *
 * <p>The worker finds the implementation in one of three ways, chosen by {@code scoring_script}:
 * a {@code Score.java} source file compiled at init, a {@code .jar} that lists the class in
 * {@code META-INF/services/dev.sluice.scoring.ScoringScript}, or a fully qualified class name.
 * The class needs a public no-argument constructor.
 *
 * <p>{@link #run} may be called from several threads at once when the deployment's
 * {@code max_concurrent_requests_per_instance} is above one.
 */
public interface ScoringScript extends AutoCloseable {

    /** Called once before the instance turns Ready. An exception fails the deployment with its message. */
    void init(ScoringContext context) throws Exception;

    /**
     * Scores one request. A result with a non-2xx status reaches the caller as a 424 with the body
     * passed through; an exception reaches the caller as a 424 wrapping a 500 with the exception's message.
     */
    ScoringResult run(ScoringRequest request) throws Exception;

    /** Called once when the instance stops. */
    @Override
    default void close() throws Exception {
    }
}
