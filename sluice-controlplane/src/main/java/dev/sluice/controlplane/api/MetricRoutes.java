package dev.sluice.controlplane.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.controlplane.metrics.MetricsQuery;
import dev.sluice.core.metrics.MetricName;
import dev.sluice.core.metrics.MetricPoint;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;

/** {@code GET /metrics/query}: a deployment's autoscaling metrics as JSON (Prometheus text is {@code /metrics}). */
final class MetricRoutes {

    static final String QUERY = "/metrics/query";

    private final MetricsQuery query;
    private final Calls calls;

    MetricRoutes(MetricsQuery query, Calls calls) {
        this.query = query;
        this.calls = calls;
    }

    void mount(Router router) {
        router.get(QUERY).handler(ctx -> calls.json(ctx, 200, () -> render(query.query(param(ctx, "endpoint"),
                param(ctx, "deployment"), param(ctx, "metric"), param(ctx, "from"), param(ctx, "to"),
                param(ctx, "grain")))));
    }

    private ObjectNode render(MetricsQuery.Result result) {
        ObjectNode json = calls.replies().empty();
        MetricsQuery.Request request = result.request();
        json.put("endpoint", request.deployment().endpointName());
        json.put("deployment", request.deployment().deploymentName());
        json.put("from", request.from().toString());
        json.put("to", request.to().toString());
        json.put("grain", request.grain().toString());
        ArrayNode metrics = json.putArray("value");
        result.points().forEach((name, points) -> metrics.add(metric(name, points)));
        return json;
    }

    private ObjectNode metric(MetricName name, List<MetricPoint> points) {
        ObjectNode json = calls.replies().empty();
        json.put("name", name.azureName());
        json.put("unit", name.unit());
        json.put("scope", name.scope().name().toLowerCase(Locale.ROOT));
        ArrayNode list = json.putArray("points");
        for (MetricPoint point : points) {
            ObjectNode p = list.addObject();
            p.put("time", point.time().toString());
            ObjectNode values = p.putObject("values");
            point.values().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> values.put(e.getKey(), e.getValue()));
        }
        return json;
    }

    private static String param(RoutingContext ctx, String name) {
        return ctx.queryParams().get(name);
    }
}
