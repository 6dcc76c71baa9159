package dev.sluice.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.error.SluiceException;
import io.burt.jmespath.JmesPath;
import io.burt.jmespath.JmesPathException;
import io.burt.jmespath.jackson.JacksonRuntime;

/** {@code --query EXPRESSION}: a JMESPath expression applied to the answer before it is printed, as {@code az} does. */
public final class Query {

    private final JmesPath<JsonNode> runtime = new JacksonRuntime();
    private final String expression;

    private Query(String expression) {
        this.expression = expression;
    }

    /** @throws SluiceException BAD_ARGUMENT when the expression is not JMESPath */
    public static Query of(String expression) {
        Query query = new Query(expression);
        query.compile();
        return query;
    }

    public JsonNode apply(JsonNode document) {
        try {
            return compile().search(document);
        } catch (JmesPathException e) {
            throw SluiceException.badArgument("--query", expression, "a JMESPath expression that applies to the"
                    + " answer (" + e.getMessage() + ")");
        }
    }

    private io.burt.jmespath.Expression<JsonNode> compile() {
        try {
            return runtime.compile(expression);
        } catch (JmesPathException e) {
            throw SluiceException.badArgument("--query", expression, "a JMESPath expression such as"
                    + " \"[].name\" or scoring_uri (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }
}
