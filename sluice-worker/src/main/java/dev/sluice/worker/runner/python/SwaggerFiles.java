package dev.sluice.worker.runner.python;

import dev.sluice.scoring.ScoringResult;
import dev.sluice.worker.runner.ErrorResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /swagger.json}: as Azure's inference server does, a {@code swagger2.json} or {@code swagger3.json}
 * in the code folder is served ({@code ?version=2|3} picks one, version 2 first otherwise); without one, 404.
 * Sluice does not generate swagger from {@code inference-schema} decorators.
 */
final class SwaggerFiles {

    private static final String JSON = "application/json";

    private final Path codeDir;

    SwaggerFiles(Path codeDir) {
        this.codeDir = codeDir;
    }

    ScoringResult answer(Map<String, String> query) throws IOException {
        String version = query.get("version");
        List<String> candidates = version == null ? List.of("swagger2.json", "swagger3.json")
                : List.of("swagger" + version.trim() + ".json");
        for (String name : candidates) {
            Path file = codeDir.resolve(name);
            if (name.matches("swagger[23]\\.json") && Files.isRegularFile(file)) {
                return new ScoringResult(200, Map.of("content-type", JSON), Files.readAllBytes(file));
            }
        }
        String message = version == null
                ? "no swagger2.json or swagger3.json in the code folder (Sluice serves those files as they are)"
                : "no swagger" + version + ".json in the code folder (expected: ?version=2 or ?version=3 with that file)";
        return ErrorResult.azure(404, "NotFound", message, null);
    }
}
