package dev.sluice.worker.runner.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.model.InstanceState;
import dev.sluice.worker.Worker;
import dev.sluice.worker.WorkerOptions;
import dev.sluice.worker.support.Console;
import dev.sluice.worker.support.Http;
import dev.sluice.worker.support.JavaSources;
import dev.sluice.worker.support.TestConfig;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Java scoring code in its three forms, compiled and loaded by a real in-process worker. */
class JavaWorkerIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT_SOURCE = """
            package example.%s;

            import dev.sluice.scoring.*;

            public class %s implements ScoringScript {
                private String where;

                public void init(ScoringContext context) {
                    where = "%s";
                }

                public ScoringResult run(ScoringRequest request) {
                    return ScoringResult.text(where + ":" + request.bodyAsString());
                }
            }
            """;

    @TempDir
    Path work;
    private final List<Worker> workers = new ArrayList<>();
    private final Console console = new Console();

    @AfterEach
    void stop() {
        workers.forEach(Worker::close);
    }

    private Worker startWorker(TestConfig config) {
        Worker worker = Worker.start(config.build(), WorkerOptions.defaults().withConsole(console.out, console.err));
        workers.add(worker);
        return worker;
    }

    private Http start(TestConfig config) throws Exception {
        Worker worker = startWorker(config);
        worker.initialized().get(60, TimeUnit.SECONDS);
        return Http.to(worker.port());
    }

    private Path echoModelDir() throws Exception {
        Path modelDir = work.resolve("model-artifact");
        Files.createDirectories(modelDir.resolve("model"));
        Files.copy(TestConfig.examples().resolve("java-echo/model/README.txt"), modelDir.resolve("model/README.txt"));
        return modelDir;
    }

    @Test
    void scoreJavaIsCompiledAtInitAndSeesTheModelFolderAndEnvironment() throws Exception {
        Path modelDir = echoModelDir();
        Http http = start(TestConfig.in(work).java(TestConfig.examples().resolve("java-echo/code"), "Score.java")
                .model(modelDir).env(Map.of("GREETING", "hi there")));

        HttpResponse<String> r = http.post("/score", "{\"text\": \"ping\"}", "x-request-id", "req-42");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("greeting").asText()).isEqualTo("hi there");
        assertThat(body.get("model_dir").asText()).isEqualTo(modelDir.toString());
        assertThat(body.get("model_files").toString()).isEqualTo("[\"model/README.txt\"]");
        assertThat(body.get("body").asText()).isEqualTo("{\"text\": \"ping\"}");
        assertThat(r.headers().firstValue("x-request-id")).contains("req-42");
        assertThat(r.headers().firstValue("x-ms-run-fn-exec-ms")).hasValueSatisfying(v -> assertThat(v).matches("\\d+"));
        assertThat(Files.exists(work.resolve("classes/Score.class"))).isTrue();
        assertThat(console.out()).contains("init complete in ");
    }

    /** A body of many chunks arrives whole and in order; an empty one is empty (the worker keeps chunks itself). */
    @Test
    void bodiesOfManyChunksAndNoneReachTheScoringCodeIntact() throws Exception {
        Http http = start(TestConfig.in(work).java(TestConfig.examples().resolve("java-echo/code"), "Score.java")
                .model(echoModelDir()));
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 300_000; i++) {
            text.append(i).append(',');
        }
        String large = "{\"text\": \"" + text + "\"}";

        HttpResponse<String> many = http.post("/score", large);
        HttpResponse<String> none = http.post("/score", "");

        assertThat(many.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(many.body()).get("body").asText()).isEqualTo(large);
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(none.body()).get("body").asText()).isEmpty();
    }

    @Test
    void aJarIsSearchedWithServiceLoader() throws Exception {
        Path classes = work.resolve("build/classes");
        JavaSources.compile(Map.of("example/jar/FromJar.java", SCRIPT_SOURCE.formatted("jar", "FromJar", "jar")),
                work.resolve("build/src"), classes);
        Path code = work.resolve("code");
        JavaSources.jar(classes, Map.of("META-INF/services/dev.sluice.scoring.ScoringScript", "example.jar.FromJar\n"),
                code.resolve("scorer.jar"));

        Http http = start(TestConfig.in(work).java(code, "scorer.jar"));

        assertThat(http.post("/score", "abc").body()).isEqualTo("jar:abc");
    }

    @Test
    void aJarWithoutServiceEntrySaysWhatIsMissing() throws Exception {
        Path classes = work.resolve("build/classes");
        JavaSources.compile(Map.of("example/jar/FromJar.java", SCRIPT_SOURCE.formatted("jar", "FromJar", "jar")),
                work.resolve("build/src"), classes);
        Path code = work.resolve("code");
        JavaSources.jar(classes, Map.of(), code.resolve("scorer.jar"));

        Worker worker = startWorker(TestConfig.in(work).java(code, "scorer.jar"));

        assertThatThrownBy(() -> worker.initialized().get(60, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("scorer.jar: lists no classes in META-INF/services/dev.sluice.scoring.ScoringScript"
                        + " (expected: exactly one)");
        assertThat(worker.state()).isEqualTo(InstanceState.FAILED);
    }

    @Test
    void aClassNameIsLookedUpInTheCodeFolder() throws Exception {
        Path code = work.resolve("code");
        JavaSources.compile(Map.of("example/named/Named.java", SCRIPT_SOURCE.formatted("named", "Named", "folder")),
                work.resolve("src"), code);

        Http http = start(TestConfig.in(work).java(code, "example.named.Named"));

        assertThat(http.post("/score", "x").body()).isEqualTo("folder:x");
    }

    @Test
    void aClassNameFallsBackToTheWorkersClassPath() throws Exception {
        Path code = Files.createDirectories(work.resolve("code"));
        String name = "dev.sluice.worker.runner.java.fixtures.ClassPathScript";

        Http http = start(TestConfig.in(work).java(code, name));

        assertThat(http.post("/score", "shout").body()).isEqualTo(name + ":SHOUT");
    }

    @Test
    void anUnknownClassNameIsNamed() throws Exception {
        Path code = Files.createDirectories(work.resolve("code"));
        Worker worker = startWorker(TestConfig.in(work).java(code, "com.example.Missing"));

        assertThatThrownBy(() -> worker.initialized().get(60, TimeUnit.SECONDS)).hasMessageContaining(
                "code_configuration.scoring_script: com.example.Missing (expected: a class in the code folder, its jars"
                        + " or the worker's class path)");
    }

    @Test
    void aCompileErrorFailsInitWithFileLineAndMessage() throws Exception {
        Path code = Files.createDirectories(work.resolve("code"));
        Files.writeString(code.resolve("Score.java"), """
                public class Score implements dev.sluice.scoring.ScoringScript {
                    public void init(dev.sluice.scoring.ScoringContext c) { undefinedCall(); }
                    public dev.sluice.scoring.ScoringResult run(dev.sluice.scoring.ScoringRequest r) { return null; }
                }
                """);
        Worker worker = startWorker(TestConfig.in(work).java(code, "Score.java"));

        assertThatThrownBy(() -> worker.initialized().get(60, TimeUnit.SECONDS))
                .hasMessageContaining("Score.java does not compile:")
                .hasMessageContaining("Score.java:2: cannot find symbol");
        assertThat(console.err()).contains("init failed: Score.java does not compile:");
    }

    @Test
    void anExceptionInRunIsA500ModelErrorWithAzuresHeader() throws Exception {
        Path code = work.resolve("code");
        JavaSources.copyResourceFile("scripts/control/Score.java", code.resolve("Score.java"));
        Http http = start(TestConfig.in(work).java(code, "Score.java"));

        HttpResponse<String> r = http.post("/score?fail=no+such+feature", "{}");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.headers().firstValue("x-ms-run-function-failed")).contains("True");
        assertThat(r.headers().firstValue("x-sluice-error")).isEmpty();
        assertThat(JSON.readTree(r.body()).toString())
                .isEqualTo("{\"error\":{\"code\":\"ModelError\",\"message\":\"no such feature\",\"target\":null}}");
        assertThat(console.err()).contains("scoring failed: java.lang.IllegalArgumentException: no such feature")
                .contains("Score.run(Score.java:");
    }

    @Test
    void aNon2xxResultPassesThroughAsTheModelsAnswer() throws Exception {
        Path code = work.resolve("code");
        JavaSources.copyResourceFile("scripts/control/Score.java", code.resolve("Score.java"));
        Http http = start(TestConfig.in(work).java(code, "Score.java"));

        HttpResponse<String> r = http.post("/score?status=418", "12345");

        assertThat(r.statusCode()).isEqualTo(418);
        assertThat(r.headers().firstValue("x-sluice-error")).isEmpty();
        assertThat(r.body()).isEqualTo("{\"greeting\":\"hello\",\"length\":5}");
    }

    @Test
    void anExceptionInInitFailsTheWorkerWithItsMessage() throws Exception {
        Path code = work.resolve("code");
        JavaSources.copyResourceFile("scripts/control/Score.java", code.resolve("Score.java"));
        Worker worker = startWorker(TestConfig.in(work).java(code, "Score.java").env(Map.of("FAIL_INIT", "model file is corrupt")));

        assertThatThrownBy(() -> worker.initialized().get(60, TimeUnit.SECONDS))
                .hasMessageContaining("Score.java: init failed: java.lang.IllegalStateException: model file is corrupt");
        Http http = Http.to(worker.port());
        assertThat(http.get("/.sluice/ready").statusCode()).isEqualTo(503);
        assertThat(http.get("/.sluice/ready").body()).isEqualTo("{\"state\":\"Failed\"}");
    }
}
