import dev.sluice.scoring.ScoringContext;
import dev.sluice.scoring.ScoringRequest;
import dev.sluice.scoring.ScoringResult;
import dev.sluice.scoring.ScoringScript;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model that takes as long as the request asks ({"delay_ms": 1500}), to provoke timeouts and queues. With
 * "started_file", it creates that file when it starts, so a test knows the request holds the slot.
 */
public class Score implements ScoringScript {

    private static final Pattern DELAY = Pattern.compile("\"delay_ms\"\\s*:\\s*(\\d+)");
    private static final Pattern STARTED = Pattern.compile("\"started_file\"\\s*:\\s*\"([^\"]+)\"");

    @Override
    public void init(ScoringContext context) {
    }

    @Override
    public ScoringResult run(ScoringRequest request) throws InterruptedException, java.io.IOException {
        Matcher started = STARTED.matcher(request.bodyAsString());
        if (started.find()) {
            java.nio.file.Files.writeString(java.nio.file.Path.of(started.group(1)), "started");
        }
        Matcher m = DELAY.matcher(request.bodyAsString());
        long delay = m.find() ? Long.parseLong(m.group(1)) : 0;
        TimeUnit.MILLISECONDS.sleep(delay);
        return ScoringResult.json("{\"slept_ms\":" + delay + "}");
    }
}
