package dev.sluice.core.autoscale;

import static dev.sluice.core.autoscale.Documents.azureExample;
import static dev.sluice.core.autoscale.Documents.example;
import static dev.sluice.core.autoscale.Documents.json;
import static dev.sluice.core.autoscale.Documents.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.metrics.MetricName;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AutoscaleSettingReaderTest {

    private static final String RULE = "properties.profiles[0].rules[1].";
    private static final String PROFILE = "properties.profiles[0].";

    private static void rejects(JsonNode document, String message) {
        assertThatThrownBy(() -> read(document)).isInstanceOfSatisfying(SluiceException.class, e -> {
            assertThat(e.getMessage()).isEqualTo(message);
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_ARGUMENT);
            assertThat(message).startsWith(e.target() + ":");
        });
    }

    @Test
    void readsAzuresDocumentedExample() {
        AutoscaleSetting setting = read(azureExample());

        assertThat(setting.name()).isEqualTo("my-endpoint-autoscale");
        assertThat(setting.enabled()).isTrue();
        assertThat(setting.warnings()).containsExactly(Documents.cpuWarning(PROFILE + "rules[0]", "70", "2.8"),
                Documents.cpuWarning(PROFILE + "rules[1]", "25", "1"));
        Profile profile = setting.profiles().get(0);
        assertThat(profile.name()).isEqualTo("my-scale-settings");
        assertThat(profile.capacity()).isEqualTo(new Capacity(2, 5, 2));
        assertThat(profile.isDefault()).isTrue();
        assertThat(profile.rules()).containsExactly(
                new Rule(new MetricTrigger(MetricName.CPU_UTILIZATION, Duration.ofMinutes(1), Statistic.AVERAGE,
                        Duration.ofMinutes(5), TimeAggregation.AVERAGE, ComparisonOperator.GREATER_THAN, 70, false),
                        new ScaleAction(ScaleDirection.INCREASE, ScaleType.CHANGE_COUNT, 2, Duration.ofMinutes(5))),
                new Rule(new MetricTrigger(MetricName.CPU_UTILIZATION, Duration.ofMinutes(1), Statistic.AVERAGE,
                        Duration.ofMinutes(5), TimeAggregation.AVERAGE, ComparisonOperator.LESS_THAN, 25, false),
                        new ScaleAction(ScaleDirection.DECREASE, ScaleType.CHANGE_COUNT, 1, Duration.ofMinutes(5))),
                new Rule(new MetricTrigger(MetricName.REQUEST_LATENCY, Duration.ofMinutes(1), Statistic.AVERAGE,
                        Duration.ofMinutes(5), TimeAggregation.AVERAGE, ComparisonOperator.GREATER_THAN, 70, false),
                        new ScaleAction(ScaleDirection.INCREASE, ScaleType.CHANGE_COUNT, 1, Duration.ofMinutes(5))));
        assertThat(profile.rules().get(0).describe()).isEqualTo(
                "CpuUtilizationPercentage Average(PT1M) Average over PT5M > 70 → Increase ChangeCount 2");
    }

    @Test
    void readsThePropertiesAloneAsAzureCliPrintsThem() {
        JsonNode bare = json("""
                {"id": "/subscriptions/s/resourceGroups/rg/providers/microsoft.insights/autoscalesettings/a",
                 "name": "a", "resourceGroup": "rg", "location": "eastus", "tags": {}, "enabled": false,
                 "profiles": [{"name": "fixed", "capacity": {"minimum": 0, "maximum": 3, "default": 1}, "rules": []}]}
                """);

        AutoscaleSetting setting = read(bare);

        assertThat(setting.name()).isEqualTo("a");
        assertThat(setting.enabled()).isFalse();
        assertThat(setting.profiles().get(0).capacity()).isEqualTo(new Capacity(0, 3, 1));
        assertThat(setting.profiles().get(0).rules()).isEmpty();
    }

    @Test
    void acceptsAzuresSpellingsInAnyCaseAndItsDefaults() {
        ObjectNode document = example("profiles[0].rules[0].metricTrigger.operator", "\"greaterthanorequal\"");
        Documents.with(document,
                "properties.profiles[0].rules[0].scaleAction.value", null);
        Documents.with(document,
                "properties.profiles[0].rules[0].scaleAction.cooldown", "\"P1W\"");
        Documents.with(document,
                "properties.profiles[0].rules[0].metricTrigger.metricName", "\"cpuutilizationpercentage\"");

        Rule rule = read(document).profiles().get(0).rules().get(0);

        assertThat(rule.metricTrigger().operator()).isEqualTo(ComparisonOperator.GREATER_THAN_OR_EQUAL);
        assertThat(rule.metricTrigger().metric()).isEqualTo(MetricName.CPU_UTILIZATION);
        assertThat(rule.scaleAction().value()).isEqualTo(1);
        assertThat(rule.scaleAction().cooldown()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void readsRecurrenceAndFixedDateProfiles() {
        JsonNode document = json("""
                {"profiles": [
                  {"name": "weekend", "capacity": {"minimum": "1", "maximum": "2", "default": "1"}, "rules": [],
                   "recurrence": {"frequency": "Week", "schedule": {"timeZone": "Pacific Standard Time",
                     "days": ["Saturday", "sunday"], "hours": [0], "minutes": [0, 30]}}},
                  {"name": "launch", "capacity": {"minimum": "4", "maximum": "8", "default": "4"}, "rules": [],
                   "fixedDate": {"timeZone": "W. Europe Standard Time", "start": "2025-03-01T09:00:00",
                     "end": "2025-03-01T17:00:00Z"}}]}
                """);

        AutoscaleSetting setting = read(document);

        assertThat(setting.profiles().get(0).recurrence()).isEqualTo(new Recurrence("Pacific Standard Time",
                Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), List.of(0), List.of(0, 30)));
        FixedDate launch = setting.profiles().get(1).fixedDate();
        assertThat(launch.start()).isEqualTo(OffsetDateTime.parse("2025-03-01T09:00:00+01:00"));
        assertThat(launch.end()).isEqualTo(OffsetDateTime.parse("2025-03-01T17:00:00Z"));
    }

    @Test
    void warnsAboutWhatItCannotHonour() {
        ObjectNode document = example("notifications",
                "[{\"operation\": \"Scale\", \"email\": {\"customEmails\": [\"ops@example.com\"]}}]");
        Documents.with(document,
                "properties.predictiveAutoscalePolicy", "{\"scaleMode\": \"Disabled\"}");
        Documents.with(document, "properties.targetResourceUri",
                "\"/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/onlineEndpoints/my-endpoint/deployments/green\"");
        Documents.with(document,
                "properties.profiles[0].rules[2].metricTrigger.metricResourceUri",
                "\"/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/onlineEndpoints/other\"");
        Documents.with(document,
                "properties.profiles[0].rules[1].scaleAction.direction", "\"None\"");
        Documents.with(document,
                "properties.profiles[0].rules[0].metricTrigger.timeGrain", "\"PT10S\"");

        assertThat(read(document).warnings()).containsExactly(
                "properties.notifications: Sluice sends no e-mails or webhooks; its scale actions are listed by "
                        + "`sluice autoscale history`",
                "properties.predictiveAutoscalePolicy: Sluice has no predictive autoscale; scaleMode Disabled "
                        + "changes nothing",
                "properties.targetResourceUri: names deployment my-endpoint/green; Sluice applies this setting to "
                        + "my-endpoint/blue, the deployment it was given for",
                PROFILE + "rules[0].metricTrigger.timeGrain: PT10S is below Azure's minimum PT1M (a Sluice "
                        + "extension: Azure would refuse this setting)",
                Documents.cpuWarning(PROFILE + "rules[0]", "70", "2.8"),
                Documents.cpuWarning(PROFILE + "rules[1]", "25", "1"),
                PROFILE + "rules[1].scaleAction.direction: None: this rule never changes the instance count",
                PROFILE + "rules[2].metricTrigger.metricResourceUri: names endpoint other; Sluice reads the metrics "
                        + "of my-endpoint/blue, the deployment this setting scales");
    }

    @Test
    void withoutATargetResourceIdsAreNotCompared() {
        ObjectNode document = example("targetResourceUri", "\"/subscriptions/s/virtualMachineScaleSets/vmss\"");

        Documents.with(document, "properties.profiles[0].rules", "[]");

        assertThat(AutoscaleSettingReader.create(Documents.ZONES, Documents.CORES).read(document).warnings()).isEmpty();
        assertThat(read(document).warnings()).containsExactly("properties.targetResourceUri: names no online "
                + "endpoint or deployment; Sluice applies this setting to my-endpoint/blue, the deployment it was given for");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '\'', value = {
        "rules[1].metricTrigger.metricName => \"CpuPercent\" => rules[1].metricTrigger.metricName: CpuPercent (expected: one of CpuUtilizationPercentage, CpuMemoryUtilizationPercentage, RequestsPerMinute, RequestLatency, RequestLatency_P50, RequestLatency_P90, RequestLatency_P95, RequestLatency_P99, ConcurrentRequestsPerInstance, RequestQueueWaitMs, DeploymentCapacity)",
        "rules[1].metricTrigger.operator => \"Bigger\" => rules[1].metricTrigger.operator: Bigger (expected: Equals|NotEquals|GreaterThan|GreaterThanOrEqual|LessThan|LessThanOrEqual)",
        "rules[1].metricTrigger.statistic => \"Mean\" => rules[1].metricTrigger.statistic: Mean (expected: Average|Min|Max|Sum|Count)",
        "rules[1].metricTrigger.timeAggregation => \"Median\" => rules[1].metricTrigger.timeAggregation: Median (expected: Average|Minimum|Maximum|Total|Count|Last)",
        "rules[1].metricTrigger.threshold => \"high\" => rules[1].metricTrigger.threshold: high (expected: a number)",
        "rules[1].metricTrigger.threshold => (remove) => rules[1].metricTrigger.threshold: (missing) (expected: a number)",
        "rules[1].metricTrigger.dividePerInstance => \"yes\" => rules[1].metricTrigger.dividePerInstance: yes (expected: true or false)",
        "rules[1].metricTrigger.dimensions => [{\"DimensionName\": \"Instance\", \"Operator\": \"Equals\", \"Values\": [\"1\"]}] => rules[1].metricTrigger.dimensions: {\"DimensionName\":\"Instance\",\"Operator\":\"Equals\",\"Values\":[\"1\"]} (expected: no dimensions: Sluice's metrics have none to filter on)",
        "rules[1].metricTrigger.timeGrain => \"PT5S\" => rules[1].metricTrigger.timeGrain: PT5S (expected: PT10S..PT12H (Azure: PT1M..PT12H))",
        "rules[1].metricTrigger.timeGrain => \"PT13H\" => rules[1].metricTrigger.timeGrain: PT13H (expected: PT10S..PT12H (Azure: PT1M..PT12H))",
        "rules[1].metricTrigger.timeGrain => \"PT15S\" => rules[1].metricTrigger.timeGrain: PT15S (expected: a multiple of PT10S, Sluice's base grain)",
        "rules[1].metricTrigger.timeGrain => \"one minute\" => rules[1].metricTrigger.timeGrain: one minute (expected: an ISO-8601 duration such as PT1M, PT5M or P1D)",
        "rules[1].metricTrigger.timeWindow => \"PT30S\" => rules[1].metricTrigger.timeWindow: PT30S (expected: at least the timeGrain, PT1M)",
        "rules[1].metricTrigger.timeWindow => \"P1D\" => rules[1].metricTrigger.timeWindow: P1D (expected: PT10S..PT12H (Azure: PT5M..PT12H))",
        "rules[1].metricTrigger.metricNamespaces => \"x\" => rules[1].metricTrigger.metricNamespaces: unknown key (expected: dimensions | dividePerInstance | metricName | metricNamespace | metricResourceLocation | metricResourceUri | operator | statistic | threshold | timeAggregation | timeGrain | timeWindow)",
        "rules[1].scaleAction.direction => \"Up\" => rules[1].scaleAction.direction: Up (expected: Increase|Decrease|None)",
        "rules[1].scaleAction.type => \"ServiceAllowedNextValue\" => rules[1].scaleAction.type: ServiceAllowedNextValue (expected: ChangeCount|PercentChangeCount|ExactCount; Sluice has no list of allowed sizes to take the next one from)",
        "rules[1].scaleAction.type => \"Double\" => rules[1].scaleAction.type: Double (expected: ChangeCount|PercentChangeCount|ExactCount)",
        "rules[1].scaleAction.value => \"0\" => rules[1].scaleAction.value: 0 (expected: 1..50)",
        "rules[1].scaleAction.value => \"two\" => rules[1].scaleAction.value: two (expected: an integer, 1..50)",
        "rules[1].scaleAction.value => 1.5 => rules[1].scaleAction.value: 1.5 (expected: an integer, 1..50)",
        "rules[1].scaleAction.value => 51 => rules[1].scaleAction.value: 51 (expected: 1..50)",
        "rules[1].scaleAction.value => \"2147483647\" => rules[1].scaleAction.value: 2147483647 (expected: 1..50)",
        "rules[1].scaleAction.cooldown => \"PT5S\" => rules[1].scaleAction.cooldown: PT5S (expected: PT10S..P7D (Azure: PT1M..P7D))",
        "rules[1].scaleAction.cooldown => \"P8D\" => rules[1].scaleAction.cooldown: P8D (expected: PT10S..P7D (Azure: PT1M..P7D))",
        "rules[1].scaleAction.cooldown => (remove) => rules[1].scaleAction.cooldown: (missing) (expected: a string)",
        "rules[1].scaleAction => \"Increase\" => rules[1].scaleAction: Increase (expected: an object)",
        "capacity.minimum => \"-1\" => capacity.minimum: -1 (expected: 0..50)",
        "capacity.maximum => \"51\" => capacity.maximum: 51 (expected: 0..50)",
        "capacity.maximum => \"1\" => capacity.maximum: 1 (expected: at least the minimum, 2..50)",
        "capacity.default => \"7\" => capacity.default: 7 (expected: 2..5, between minimum and maximum)",
        "capacity.default => (remove) => capacity.default: (missing) (expected: an integer)",
        "capacity.minimun => \"2\" => capacity.minimun: unknown key (expected: default | maximum | minimum)",
        "name => \"\" => name: \"\" (expected: a non-empty string)",
        "rules => {} => rules: {} (expected: a list)",
        "recurrence.frequency => \"Day\" => recurrence.frequency: Day (expected: Week; autoscale schedules repeat weekly, list every day for a daily one)",
        "recurrence.schedule.days[1] => \"Funday\" => recurrence.schedule.days[1]: Funday (expected: Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)",
        "recurrence.schedule.days => [] => recurrence.schedule.days: [] (expected: a list of one or more of Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)",
        "recurrence.schedule.hours[0] => 24 => recurrence.schedule.hours[0]: 24 (expected: 0..23)",
        "recurrence.schedule.minutes[0] => \"0\" => recurrence.schedule.minutes[0]: 0 (expected: an integer, 0..59)",
        "recurrence.schedule.timeZone => \"Mars Standard Time\" => recurrence.schedule.timeZone: Mars Standard Time (expected: a test time zone)",
        "recurrence.schedule.timezone => \"UTC\" => recurrence.schedule.timezone: unknown key (expected: days | hours | minutes | timeZone)",
        "fixedDate => {\"start\": \"2025-01-01T00:00:00Z\", \"end\": \"2025-01-02T00:00:00Z\"} => fixedDate: given with a recurrence (expected: either recurrence or fixedDate, not both)",
    })
    void namesTheFieldTheValueAndWhatWasExpected(String path, String value, String message) {
        ObjectNode weekly = example("profiles[0].recurrence", """
                {"frequency": "Week", "schedule": {"timeZone": "UTC", "days": ["Monday", "Friday"],
                 "hours": [8], "minutes": [0]}}""");
        rejects(Documents.with(weekly, "properties.profiles[0]." + path, value.equals("(remove)") ? null : value),
                PROFILE + message);
    }

    @Test
    void exactCountMayAskForZeroToFifty() {
        ObjectNode document = example("profiles[0].rules[1].scaleAction.type", "\"ExactCount\"");
        Documents.with(document,
                "properties.profiles[0].rules[1].scaleAction.value", "\"0\"");
        assertThat(read(document).profiles().get(0).rules().get(1).scaleAction().value()).isZero();

        Documents.with(document,
                "properties.profiles[0].rules[1].scaleAction.value", "51");
        rejects(document, RULE + "scaleAction.value: 51 (expected: 0..50)");
    }

    @Test
    void everyCpuRuleSaysItsThresholdIsAShareOfEveryCoreOfThisMachine() {
        ObjectNode document = example("profiles[0].rules[0].metricTrigger.threshold", "12.5");
        Documents.with(document, "properties.profiles[0].rules[2].metricTrigger.metricName",
                "\"CpuUtilizationPercentage\"");
        Documents.with(document, "properties.profiles[0].rules[2].metricTrigger.threshold", "90");

        assertThat(read(document).warnings()).containsExactly(
                Documents.cpuWarning(PROFILE + "rules[0]", "12.5", "0.5"),
                Documents.cpuWarning(PROFILE + "rules[1]", "25", "1"),
                Documents.cpuWarning(PROFILE + "rules[2]", "90", "3.6"));
        assertThat(AutoscaleSettingReader.create(Documents.ZONES, 1).read(document, Documents.BLUE).warnings())
                .first().isEqualTo(PROFILE + "rules[0].metricTrigger.metricName: CpuUtilizationPercentage of an"
                        + " instance is its share of all 1 cores of this machine (100 = every core busy), so the"
                        + " threshold 12.5 stands for 0.13 busy cores; a single-threaded instance reaches at most 100");
    }

    @Test
    void percentChangeCountIsBoundedWhereItStopsMakingADifference() {
        ObjectNode document = example("profiles[0].rules[1].scaleAction.type", "\"PercentChangeCount\"");
        Documents.with(document, "properties.profiles[0].rules[1].scaleAction.value", "5000");
        assertThat(read(document).profiles().get(0).rules().get(1).scaleAction().value()).isEqualTo(5000);

        Documents.with(document, "properties.profiles[0].rules[1].scaleAction.value", "5001");
        rejects(document, RULE + "scaleAction.value: 5001 (expected: 1..5000)");
        Documents.with(document, "properties.profiles[0].rules[1].scaleAction.value", "2147483647");
        rejects(document, RULE + "scaleAction.value: 2147483647 (expected: 1..5000)");
    }

    @Test
    void fixedDatesMustBeDatesAndEndAfterStart() {
        rejects(example("profiles[0].fixedDate", "{\"start\": \"tomorrow\", \"end\": \"2025-01-02T00:00:00Z\"}"),
                PROFILE + "fixedDate.start: tomorrow (expected: an ISO-8601 date-time such as 2024-12-24T00:00:00 "
                        + "(in timeZone) or 2024-12-24T08:00:00Z)");
        rejects(example("profiles[0].fixedDate", "{\"start\": \"2025-01-02T00:00:00Z\", \"end\": \"2025-01-01T00:00:00Z\"}"),
                PROFILE + "fixedDate.end: 2025-01-01T00:00:00Z (expected: a date-time after start, 2025-01-02T00:00:00Z)");
    }

    @Test
    void keepsAzuresLimitsOnProfilesAndRules() {
        String profile = azureExample().at("/properties/profiles/0").toString();
        rejects(example("profiles", "[" + String.join(",", Collections.nCopies(21, profile)) + "]"),
                "properties.profiles: 21 profiles (expected: 1..20 profiles)");
        rejects(example("profiles", "[]"), "properties.profiles: 0 profiles (expected: 1..20 profiles)");
        String rule = azureExample().at("/properties/profiles/0/rules/0").toString();
        rejects(example("profiles[0].rules", "[" + String.join(",", Collections.nCopies(11, rule)) + "]"),
                PROFILE + "rules: 11 rules (expected: at most 10 per profile)");
        rejects(example("profiles", "[" + profile + "," + profile + "]"),
                "properties.profiles[1]: a second profile without recurrence or fixedDate (expected: at most one "
                        + "default profile; properties.profiles[0] is one)");
    }

    @Test
    void refusesUnknownKeysAndPredictiveScaling() {
        rejects(Documents.with(azureExample(), "sku", "\"S1\""), "sku: unknown key (expected: id | location | name "
                + "| properties | resourceGroup | systemData | tags | type)");
        rejects(example("autoscale", "true"), "properties.autoscale: unknown key (expected: enabled | name | "
                + "notifications | predictiveAutoscalePolicy | profiles | targetResourceLocation | targetResourceUri)");
        rejects(example("predictiveAutoscalePolicy", "{\"scaleMode\": \"ForecastOnly\"}"),
                "properties.predictiveAutoscalePolicy.scaleMode: ForecastOnly (expected: Disabled; Sluice has no "
                        + "predictive autoscale)");
        rejects(example("enabled", "\"yes\""), "properties.enabled: yes (expected: true or false)");
        rejects(json("[]"), "(document): array (expected: a JSON object)");
    }
}
