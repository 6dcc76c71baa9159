import dev.sluice.scoring.ScoringContext;
import dev.sluice.scoring.ScoringRequest;
import dev.sluice.scoring.ScoringResult;
import dev.sluice.scoring.ScoringScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The smallest Java scoring script: it answers with the request body it got, the model folder it was given
 * (Azure's AZUREML_MODEL_DIR, the folder that contains the uploaded model/ folder) and the files in it.
 * Sluice compiles this file when the deployment starts; it needs nothing but the sluice-scoring-api.
 */
public class Score implements ScoringScript {

    private String modelDir;
    private String modelFiles;
    private String greeting;

    @Override
    public void init(ScoringContext context) throws IOException {
        modelDir = context.modelDir() == null ? "" : context.modelDir().toString();
        greeting = context.environment().getOrDefault("GREETING", "hello");
        if (context.modelDir() == null) {
            modelFiles = "";
            return;
        }
        try (Stream<Path> files = Files.walk(context.modelDir())) {
            modelFiles = files.filter(Files::isRegularFile)
                    .map(f -> quote(context.modelDir().relativize(f).toString().replace('\\', '/')))
                    .sorted()
                    .collect(Collectors.joining(","));
        }
    }

    @Override
    public ScoringResult run(ScoringRequest request) {
        return ScoringResult.json("{\"greeting\":" + quote(greeting)
                + ",\"model_dir\":" + quote(modelDir)
                + ",\"model_files\":[" + modelFiles + "]"
                + ",\"body\":" + quote(request.bodyAsString()) + "}");
    }

    /** A JSON string literal, without pulling in a JSON library. */
    private static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
