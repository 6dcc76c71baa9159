package dev.sluice.worker.runner.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.InstanceState;
import dev.sluice.core.testing.DebianPython;
import dev.sluice.worker.Worker;
import dev.sluice.worker.WorkerJson;
import dev.sluice.worker.WorkerOptions;
import dev.sluice.worker.runner.StandardRunnerFactory;
import dev.sluice.worker.support.Console;
import dev.sluice.worker.support.Http;
import dev.sluice.worker.support.TestConfig;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Azure score.py scripts served by a real in-process worker through real Python runner processes. */
class PythonWorkerIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration INIT = Duration.ofSeconds(60);
    private static final Path SAMPLE = TestConfig.examples().resolve("azure-sklearn");

    @TempDir
    Path dir;
    private final List<Worker> workers = new ArrayList<>();
    private final Console console = new Console();

    @AfterEach
    void stop() {
        workers.forEach(Worker::close);
    }

    private Worker start(TestConfig config) {
        WorkerOptions options = WorkerOptions.defaults().withConsole(console.out, console.err)
                .withRunners(StandardRunnerFactory.create(console.out, WorkerJson.create(), Worker.EVENT_LOOPS));
        Worker worker = Worker.start(config.build(), options);
        workers.add(worker);
        return worker;
    }

    private Http ready(TestConfig config) throws Exception {
        Worker worker = start(config);
        worker.initialized().get(INIT.toSeconds(), TimeUnit.SECONDS);
        return Http.to(worker.port());
    }

    /** A code folder holding {@code score.py} with this source. */
    private Path code(String source) throws Exception {
        Path code = Files.createDirectories(dir.resolve("code"));
        Files.writeString(code.resolve("score.py"), source);
        return code;
    }

    private TestConfig script(String source) throws Exception {
        return TestConfig.in(dir.resolve("work")).python(code(source), "score.py", DebianPython.require(), 1);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private Throwable initFailure(TestConfig config) {
        Worker worker = start(config);
        assertThatThrownBy(() -> worker.initialized().get(INIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
        assertThat(worker.state()).isEqualTo(InstanceState.FAILED);
        return worker.initialized().handle((v, e) -> e).join();
    }

    @Test
    void azuresSklearnSampleAnswersExactlyWhatTheModelAnswersInPython() throws Exception {
        Path python = DebianPython.withSklearn();
        Http http = ready(TestConfig.in(dir.resolve("work")).model(SAMPLE.resolve("model-1"))
                .python(SAMPLE.resolve("model-1/onlinescoring"), "score.py", python, 1));
        String request = Files.readString(SAMPLE.resolve("endpoints/sample-request.json"));

        HttpResponse<String> scored = http.post("/score", request, "x-request-id", "sample-1");

        assertThat(scored.statusCode()).isEqualTo(200);
        assertThat(scored.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(json(scored)).isEqualTo(JSON.readTree(predictDirectly(python, request)));
        await().atMost(Duration.ofSeconds(10)).until(() -> console.out().contains("ACCESS POST /score 200"));
        assertThat(console.out().lines()).anyMatch(l -> l.endsWith("root - Init complete"))
                .anyMatch(l -> l.endsWith("root - model 1: request received"))
                .anyMatch(l -> l.matches("Python runner 1 ready: pid \\d+, Python 3\\.\\d+\\.\\d+ .*"));
    }

    /** The sample's model called the way a data scientist would, without Sluice. */
    private static String predictDirectly(Path python, String request) throws Exception {
        String program = "import json, sys, joblib, numpy\n"
                + "model = joblib.load(sys.argv[1])\n"
                + "print(json.dumps(model.predict(numpy.array(json.loads(sys.argv[2])['data'])).tolist()))\n";
        Process process = new ProcessBuilder(python.toString(), "-c", program,
                SAMPLE.resolve("model-1/model/sklearn_regression_model.pkl").toString(), request).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getErrorStream().readAllBytes())).isZero();
        return out;
    }

    @Test
    void getPassesTheQueryAsJsonAndRequestHeadersReachRun() throws Exception {
        Http http = ready(script("""
                import json
                def init():
                    pass
                def run(raw_data, request_headers):
                    return {"raw": json.loads(raw_data), "type": request_headers.get("Content-Type"),
                            "id": request_headers["x-request-id"]}
                """));

        JsonNode got = json(http.request("GET", "/score?a=1&b=two", "", "x-request-id", "q-1"));
        JsonNode posted = json(http.post("/score", "[1, 2]", "x-request-id", "p-1"));

        assertThat(got.get("raw")).isEqualTo(JSON.readTree("{\"a\":\"1\",\"b\":\"two\"}"));
        assertThat(got.get("id").asText()).isEqualTo("q-1");
        assertThat(posted.get("raw")).isEqualTo(JSON.readTree("[1, 2]"));
        assertThat(posted.get("type").asText()).isEqualTo("application/json");
    }

    @Test
    void theScriptSeesAzuresVariablesAndTheDeploymentsOwn() throws Exception {
        Path model = Files.createDirectories(dir.resolve("model-artifact/model"));
        Http http = ready(script("""
                import os
                def init():
                    pass
                def run(raw_data):
                    return {k: os.environ.get(k) for k in ["AZUREML_MODEL_DIR", "AML_APP_ROOT", "AZUREML_ENTRY_SCRIPT",
                            "WORKER_COUNT", "GREETING", "PYTHONDONTWRITEBYTECODE"]}
                """).model(model.getParent()).env(Map.of("GREETING", "hello")));

        JsonNode env = json(http.post("/score", "{}"));

        assertThat(env.get("AZUREML_MODEL_DIR").asText()).isEqualTo(model.getParent().toString());
        assertThat(env.get("AML_APP_ROOT").asText()).isEqualTo(dir.resolve("code").toString());
        assertThat(env.get("AZUREML_ENTRY_SCRIPT").asText()).isEqualTo("score.py");
        assertThat(env.get("WORKER_COUNT").asText()).isEqualTo("1");
        assertThat(env.get("GREETING").asText()).isEqualTo("hello");
        assertThat(env.get("PYTHONDONTWRITEBYTECODE").asText()).isEqualTo("1");
        assertThat(dir.resolve("code/__pycache__")).doesNotExist();
    }

    @Test
    void printAndLoggingOutputReachTheConsoleLineByLine() throws Exception {
        Http http = ready(script("""
                import logging
                def init():
                    print("init printed")
                def run(raw_data):
                    print("run printed", raw_data)
                    logging.getLogger("scorer").warning("run logged %s", raw_data)
                    return None
                """));

        assertThat(http.post("/score", "abc").body()).isEqualTo("null");

        await().atMost(Duration.ofSeconds(10)).until(() -> console.out().contains("run logged abc"));
        assertThat(console.out().lines()).contains("init printed", "run printed abc")
                .anyMatch(l -> l.matches(".* WARNING \\[\\d+\\] scorer - run logged abc"));
    }

    @Test
    void anAmlResponseKeepsItsStatusHeadersAndBody() throws Exception {
        Http http = ready(script("""
                from azureml.contrib.services.aml_response import AMLResponse
                def init():
                    pass
                def run(raw_data):
                    return AMLResponse("expected 10 features", 400, {"X-Reason": "shape"})
                """));

        HttpResponse<String> answer = http.post("/score", "{}");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("expected 10 features");
        assertThat(answer.headers().firstValue("x-reason")).hasValue("shape");
        assertThat(answer.headers().firstValue("x-sluice-error")).as("the model's answer, not the worker's").isEmpty();
    }

    @Test
    void anExceptionInRunIs500WithItsMessageAndTheTracebackOnTheConsole() throws Exception {
        Http http = ready(script("""
                def init():
                    pass
                def run(raw_data):
                    raise ValueError("bad input: " + raw_data)
                """));

        HttpResponse<String> answer = http.post("/score", "xyz", "x-request-id", "boom-1");

        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(json(answer).at("/error/message").asText()).isEqualTo("ValueError: bad input: xyz");
        assertThat(answer.headers().firstValue("x-ms-run-function-failed")).hasValue("True");
        assertThat(answer.headers().firstValue("x-sluice-error")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> console.err().contains("request boom-1: scoring failed"));
        assertThat(console.err()).contains("line 4, in run").contains("ValueError: bad input: xyz")
                .doesNotContain("sluice_runner.py");
    }

    @Test
    void routesAreThoseOfAzuresInferenceServer() throws Exception {
        Http http = ready(script("def init():\n    pass\ndef run(raw_data):\n    return 1\n"));

        assertThat(http.get("/").body()).isEqualTo("Healthy");
        HttpResponse<String> noSwagger = http.get("/swagger.json");
        assertThat(noSwagger.statusCode()).isEqualTo(404);
        assertThat(json(noSwagger).at("/error/message").asText()).contains("no swagger2.json or swagger3.json");
        Files.writeString(dir.resolve("code/swagger3.json"), "{\"openapi\": \"3.0.1\"}");
        assertThat(json(http.get("/swagger.json?version=3")).get("openapi").asText()).isEqualTo("3.0.1");
        HttpResponse<String> options = http.request("OPTIONS", "/score", "");
        assertThat(options.headers().firstValue("allow")).hasValue("GET, POST, OPTIONS");
        assertThat(http.get("/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> put = http.request("PUT", "/score", "{}");
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(json(put).at("/error/message").asText()).isEqualTo("PUT /score is not allowed (expected: GET, POST,"
                + " OPTIONS)");
    }

    @Test
    void anExceptionInInitFailsTheWorkerWithTheTraceback() throws Exception {
        Throwable failure = initFailure(script("""
                def init():
                    raise FileNotFoundError("model.pkl is missing")
                def run(raw_data):
                    pass
                """));

        assertThat(failure).isInstanceOf(PythonFailure.class)
                .hasMessage("score.py: init() raised FileNotFoundError: model.pkl is missing");
        assertThat(console.err()).contains("init failed: score.py: init() raised FileNotFoundError")
                .contains("line 2, in init").doesNotContain("sluice_runner.py").doesNotContain("\tat ");
    }

    @Test
    void aScriptWithoutRunFailsInitNamingWhatIsMissing() throws Exception {
        Throwable failure = initFailure(script("def init():\n    pass\n"));

        assertThat(failure).hasMessage("score.py defines no run() (expected: def init() and def run(raw_data) at"
                + " module level)");
    }

    @Test
    void aSyntaxErrorFailsInitNamingTheLine() throws Exception {
        Throwable failure = initFailure(script("def init(:\n    pass\n"));

        assertThat(failure.getMessage()).startsWith("cannot load score.py: SyntaxError:");
        assertThat(((PythonFailure) failure).traceback()).contains("score.py\", line 1");
    }

    @Test
    void aMissingInterpreterFailsInitNamingIt() throws Exception {
        Throwable failure = initFailure(TestConfig.in(dir.resolve("work"))
                .python(code("def init():\n    pass\n"), "score.py", dir.resolve("no-such-python"), 1));

        assertThat(failure).isInstanceOf(SluiceException.class)
                .hasMessageStartingWith("the Python interpreter " + dir.resolve("no-such-python") + " cannot be started:");
    }

    @Test
    void twoRunnersServeTwoRequestsAtTheSameTime() throws Exception {
        Path rendezvous = Files.createDirectories(dir.resolve("rendezvous"));
        Http http = ready(TestConfig.in(dir.resolve("work")).limits(2, 5_000, 30_000)
                .python(code(RENDEZVOUS_SCRIPT), "score.py", DebianPython.require(), 2)
                .env(Map.of("RENDEZVOUS", rendezvous.toString(), "RENDEZVOUS_SECONDS", "20")));

        CompletableFuture<HttpResponse<String>> first = http.postAsync("/score", "{}");
        CompletableFuture<HttpResponse<String>> second = http.postAsync("/score", "{}");

        JsonNode a = json(first.get(30, TimeUnit.SECONDS));
        JsonNode b = json(second.get(30, TimeUnit.SECONDS));
        assertThat(a.get("together").asBoolean()).as("first request met the second inside run()").isTrue();
        assertThat(b.get("together").asBoolean()).isTrue();
        assertThat(a.get("pid").asLong()).isNotEqualTo(b.get("pid").asLong());
    }

    @Test
    void oneRunnerServesRequestsOneAfterTheOther() throws Exception {
        Path rendezvous = Files.createDirectories(dir.resolve("rendezvous"));
        Http http = ready(TestConfig.in(dir.resolve("work")).limits(2, 5_000, 30_000)
                .python(code(RENDEZVOUS_SCRIPT), "score.py", DebianPython.require(), 1)
                .env(Map.of("RENDEZVOUS", rendezvous.toString(), "RENDEZVOUS_SECONDS", "0.5")));

        CompletableFuture<HttpResponse<String>> first = http.postAsync("/score", "{}");
        CompletableFuture<HttpResponse<String>> second = http.postAsync("/score", "{}");

        List<JsonNode> answers = List.of(json(first.get(30, TimeUnit.SECONDS)), json(second.get(30, TimeUnit.SECONDS)));
        assertThat(answers).extracting(a -> a.get("together").asBoolean()).containsExactlyInAnyOrder(false, true);
        assertThat(answers).extracting(a -> a.get("pid").asLong()).containsOnly(answers.get(0).get("pid").asLong());
    }

    /** Each run() waits until as many runs have arrived as there are runners, or gives up after a while. */
    private static final String RENDEZVOUS_SCRIPT = """
            import os, time
            def init():
                pass
            def run(raw_data):
                folder = os.environ["RENDEZVOUS"]
                open(os.path.join(folder, "%d-%d" % (os.getpid(), time.monotonic_ns())), "w").close()
                deadline = time.monotonic() + float(os.environ["RENDEZVOUS_SECONDS"])
                while len(os.listdir(folder)) < int(os.environ["WORKER_COUNT"]) and time.monotonic() < deadline:
                    time.sleep(0.01)
                return {"pid": os.getpid(), "together": len(os.listdir(folder)) >= 2}
            """;

    @Test
    void aRunnerThatDiesMidRequestIsAnswered500AndStartedAgain() throws Exception {
        Http http = ready(script("""
                import os
                def init():
                    print("init ran in", os.getpid())
                def run(raw_data):
                    if raw_data == "die":
                        os._exit(7)
                    return os.getpid()
                """));
        long before = Long.parseLong(http.post("/score", "ok").body());

        HttpResponse<String> died = http.post("/score", "die");

        assertThat(died.statusCode()).isEqualTo(500);
        assertThat(json(died).at("/error/message").asText())
                .isEqualTo("Python runner 1 (pid " + before + ") exited with code 7 while running this request"
                        + " (see the console log)");
        await().atMost(INIT).until(() -> http.post("/score", "ok").statusCode() == 200);
        assertThat(Long.parseLong(http.post("/score", "ok").body())).isNotEqualTo(before);
        assertThat(console.out()).contains("Python runner 1 is gone; starting it again");
    }

    @Test
    void aRequestWaitingForTheRunnerThatDiesGetsTheRestartedOneNotAnError() throws Exception {
        Path go = dir.resolve("go");
        Http http = ready(TestConfig.in(dir.resolve("work")).limits(2, 30_000, 30_000).python(code("""
                import os, time
                def init():
                    pass
                def run(raw_data):
                    if raw_data == "die":
                        while not os.path.exists(os.environ["GO"]):
                            time.sleep(0.01)
                        os._exit(7)
                    return os.getpid()
                """), "score.py", DebianPython.require(), 1).env(Map.of("GO", go.toString())));
        CompletableFuture<HttpResponse<String>> dying = http.postAsync("/score", "die");
        CompletableFuture<HttpResponse<String>> waiting = http.postAsync("/score", "ok");
        // The second request cannot be seen waiting for the only runner; give it a moment to get there.
        await().pollDelay(Duration.ofMillis(300)).until(() -> true);
        Files.writeString(go, "go");

        assertThat(dying.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(500);
        assertThat(waiting.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void aWorkerWhoseRunnerCannotBeStartedAgainReportsUnreadyAndFailsItsLivenessProbe() throws Exception {
        Path marker = dir.resolve("init-ran-once");
        Http http = ready(script("""
                import os
                def init():
                    if os.path.exists(os.environ["MARKER"]):
                        raise RuntimeError("the GPU is gone")
                    open(os.environ["MARKER"], "w").close()
                def run(raw_data):
                    os._exit(9)
                """).env(Map.of("MARKER", marker.toString())));
        assertThat(http.get("/.sluice/ready").statusCode()).isEqualTo(200);
        assertThat(http.get("/.sluice/live").statusCode()).isEqualTo(200);

        assertThat(http.post("/score", "{}").statusCode()).isEqualTo(500);

        await().atMost(INIT).until(() -> http.get("/.sluice/ready").statusCode() == 503);
        assertThat(json(http.get("/.sluice/ready")).get("state").asText()).isEqualTo("Unready");
        // Only a new process can help, so the liveness probe fails and the controller restarts the instance.
        assertThat(http.get("/.sluice/live").statusCode()).isEqualTo(503);
        assertThat(console.out()).contains("Python runner 1 cannot be started again: score.py: init() raised"
                + " RuntimeError: the GPU is gone").contains("line 4, in init");
        assertThat(http.post("/score", "{}").statusCode()).isEqualTo(503);
    }

    @Test
    void aRunnerStillBusyWhenItsRequestTimesOutIsStoppedAndStartedAgain() throws Exception {
        Http http = ready(TestConfig.in(dir.resolve("work")).limits(1, 5_000, 1_500).python(code("""
                import os, threading
                def init():
                    pass
                def run(raw_data):
                    if raw_data == "hang":
                        threading.Event().wait()
                    return os.getpid()
                """), "score.py", DebianPython.require(), 1));
        long before = Long.parseLong(http.post("/score", "ok").body());

        assertThat(http.post("/score", "hang").statusCode()).isEqualTo(408);

        await().atMost(INIT).until(() -> http.post("/score", "ok").statusCode() == 200);
        assertThat(Long.parseLong(http.post("/score", "ok").body())).isNotEqualTo(before);
        assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(console.out()).contains("Python runner 1 (pid " + before + ") did not answer in time; stopping it");
    }

    @Test
    void stoppingTheWorkerEndsItsRunners() throws Exception {
        Worker worker = start(TestConfig.in(dir.resolve("work")).python(code("""
                import os
                def init():
                    pass
                def run(raw_data):
                    return os.getpid()
                """), "score.py", DebianPython.require(), 2));
        worker.initialized().get(INIT.toSeconds(), TimeUnit.SECONDS);
        long pid = Long.parseLong(Http.to(worker.port()).post("/score", "{}").body());

        worker.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }
}
