package dev.sluice.core.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class AutoscaleSettingWriterTest {

    @Test
    void writesAzuresShapeBack() {
        ObjectNode json = AutoscaleSettingWriter.toJson(Documents.read(Documents.azureExample()));

        assertThat(json.get("name").asText()).isEqualTo("my-endpoint-autoscale");
        assertThat(json.get("enabled").asBoolean()).isTrue();
        JsonNode profile = json.at("/profiles/0");
        assertThat(profile.get("capacity").toString()).isEqualTo("{\"minimum\":\"2\",\"maximum\":\"5\",\"default\":\"2\"}");
        assertThat(profile.at("/rules/0").toString()).isEqualTo("{\"metricTrigger\":{\"metricName\":"
                + "\"CpuUtilizationPercentage\",\"timeGrain\":\"PT1M\",\"statistic\":\"Average\",\"timeWindow\":\"PT5M\","
                + "\"timeAggregation\":\"Average\",\"operator\":\"GreaterThan\",\"threshold\":70.0,"
                + "\"dividePerInstance\":false},\"scaleAction\":{\"direction\":\"Increase\",\"type\":\"ChangeCount\","
                + "\"value\":\"2\",\"cooldown\":\"PT5M\"}}");
    }

    @Test
    void whatItWritesReadsBackEqual() {
        JsonNode document = Documents.json("""
                {"enabled": false, "profiles": [
                  {"name": "weekend", "capacity": {"minimum": "0", "maximum": "2", "default": "0"},
                   "rules": [{"metricTrigger": {"metricName": "RequestsPerMinute", "timeGrain": "PT10S",
                     "statistic": "Sum", "timeWindow": "PT30S", "timeAggregation": "Last", "operator": "GreaterThan",
                     "threshold": 0.5, "dividePerInstance": true},
                     "scaleAction": {"direction": "Increase", "type": "ExactCount", "value": "1", "cooldown": "P7D"}}],
                   "recurrence": {"frequency": "Week", "schedule": {"timeZone": "Pacific Standard Time",
                     "days": ["Saturday", "Sunday"], "hours": [0, 12], "minutes": [30]}}},
                  {"name": "launch", "capacity": {"minimum": "4", "maximum": "8", "default": "4"}, "rules": [],
                   "fixedDate": {"timeZone": "W. Europe Standard Time", "start": "2025-03-01T09:00:00",
                     "end": "2025-03-01T17:00:00"}}]}
                """);
        AutoscaleSetting setting = Documents.read(document);

        ObjectNode written = AutoscaleSettingWriter.toJson(setting);

        assertThat(Documents.read(written)).isEqualTo(setting);
        assertThat(written.at("/profiles/0/rules/0/scaleAction/cooldown").asText()).isEqualTo("P7D");
        assertThat(written.at("/profiles/0/rules/0/metricTrigger/timeGrain").asText()).isEqualTo("PT10S");
        assertThat(written.at("/profiles/0/recurrence/schedule/days").toString()).isEqualTo("[\"Saturday\",\"Sunday\"]");
        assertThat(written.at("/profiles/1/fixedDate/start").asText()).isEqualTo("2025-03-01T09:00+01:00");
    }
}
