package dev.sluice.worker.runner.python;

/**
 * The routes of Azure's inference server ({@code azureml-inference-server-http}) that a score.py deployment
 * answers: {@code GET /} is a health check, {@code GET|POST /score} calls {@code run()}, {@code OPTIONS /score}
 * lists the methods, {@code GET /swagger.json} serves the code folder's swagger file. Anything else is 404 or 405.
 */
enum AzureRoutes {
    HEALTH,
    SCORE,
    SCORE_OPTIONS,
    SWAGGER,
    METHOD_NOT_ALLOWED,
    NOT_FOUND;

    static final String SCORE_METHODS = "GET, POST, OPTIONS";

    static AzureRoutes of(String method, String path) {
        return switch (path) {
            case "/" -> method.equals("GET") || method.equals("HEAD") ? HEALTH : METHOD_NOT_ALLOWED;
            case "/score" -> switch (method) {
                case "GET", "POST" -> SCORE;
                case "OPTIONS" -> SCORE_OPTIONS;
                default -> METHOD_NOT_ALLOWED;
            };
            case "/swagger.json" -> method.equals("GET") ? SWAGGER : METHOD_NOT_ALLOWED;
            default -> NOT_FOUND;
        };
    }

    /** The Allow header of a 405 for {@code path}. */
    static String allowed(String path) {
        return switch (path) {
            case "/" -> "GET, HEAD";
            case "/score" -> SCORE_METHODS;
            default -> "GET";
        };
    }
}
