import dev.sluice.scoring.ScoringContext;
import dev.sluice.scoring.ScoringRequest;
import dev.sluice.scoring.ScoringResult;
import dev.sluice.scoring.ScoringScript;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A scoring script whose behaviour each request chooses with query parameters, so that tests can hold a
 * request (wait_for=<file>), see it start (started=<file>), slow it (sleep_ms=N), fail it (fail=<message>)
 * or make it answer another status (status=N). FAIL_INIT in the environment makes init throw.
 */
public class Score implements ScoringScript {

    private String greeting;

    @Override
    public void init(ScoringContext context) {
        String fail = context.environment().get("FAIL_INIT");
        if (fail != null) {
            throw new IllegalStateException(fail);
        }
        greeting = context.environment().getOrDefault("GREETING", "hello");
    }

    @Override
    public ScoringResult run(ScoringRequest request) throws Exception {
        String started = request.query().get("started");
        if (started != null) {
            Files.writeString(Path.of(started), "started");
        }
        String waitFor = request.query().get("wait_for");
        if (waitFor != null) {
            while (!Files.exists(Path.of(waitFor))) {
                java.util.concurrent.TimeUnit.MILLISECONDS.sleep(5);
            }
        }
        String sleep = request.query().get("sleep_ms");
        if (sleep != null) {
            java.util.concurrent.TimeUnit.MILLISECONDS.sleep(Long.parseLong(sleep));
        }
        String fail = request.query().get("fail");
        if (fail != null) {
            throw new IllegalArgumentException(fail);
        }
        int status = Integer.parseInt(request.query().getOrDefault("status", "200"));
        return ScoringResult.of(status, "application/json",
                "{\"greeting\":\"" + greeting + "\",\"length\":" + request.body().length + "}");
    }
}
