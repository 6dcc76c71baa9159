import dev.sluice.scoring.ScoringContext;
import dev.sluice.scoring.ScoringRequest;
import dev.sluice.scoring.ScoringResult;
import dev.sluice.scoring.ScoringScript;

/**
 * Stands in for a model that takes WORK_MS milliseconds per request, so that a few callers keep an instance busy
 * and autoscaling has something to react to. It answers with the work it did.
 */
public class Score implements ScoringScript {

    private long workMs;

    @Override
    public void init(ScoringContext context) {
        workMs = Long.parseLong(context.environment().getOrDefault("WORK_MS", "50"));
    }

    @Override
    public ScoringResult run(ScoringRequest request) throws InterruptedException {
        Thread.sleep(workMs);
        return ScoringResult.json("{\"worked_ms\":" + workMs + "}");
    }
}
