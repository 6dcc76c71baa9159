import dev.sluice.scoring.ScoringContext;
import dev.sluice.scoring.ScoringRequest;
import dev.sluice.scoring.ScoringResult;
import dev.sluice.scoring.ScoringScript;

/** The benchmark's trivial scorer: a constant answer, so that what is measured is the path, not the model. */
public class Score implements ScoringScript {

    private static final String ANSWER = "{\"result\":[0.5]}";

    @Override
    public void init(ScoringContext context) {
    }

    @Override
    public ScoringResult run(ScoringRequest request) {
        return ScoringResult.json(ANSWER);
    }
}
