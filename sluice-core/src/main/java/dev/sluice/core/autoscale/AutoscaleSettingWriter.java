package dev.sluice.core.autoscale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Writes a setting back in Azure's shape (the properties form), as {@code show} prints it: counts as strings as
 * Azure writes them, durations in ISO-8601, days by their English names. What Sluice did not keep (notifications,
 * resource ids) is not written; the setting's warnings said so when it was read. Reading what this writes gives an
 * equal setting.
 */
public final class AutoscaleSettingWriter {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AutoscaleSettingWriter() {
    }

    public static ObjectNode toJson(AutoscaleSetting setting) {
        ObjectNode out = JSON.objectNode();
        if (setting.name() != null) {
            out.put("name", setting.name());
        }
        out.put("enabled", setting.enabled());
        ArrayNode profiles = out.putArray("profiles");
        setting.profiles().forEach(profile -> profiles.add(profile(profile)));
        return out;
    }

    private static ObjectNode profile(Profile profile) {
        ObjectNode out = JSON.objectNode();
        out.put("name", profile.name());
        ObjectNode capacity = out.putObject("capacity");
        capacity.put("minimum", Integer.toString(profile.capacity().minimum()));
        capacity.put("maximum", Integer.toString(profile.capacity().maximum()));
        capacity.put("default", Integer.toString(profile.capacity().defaultCount()));
        ArrayNode rules = out.putArray("rules");
        profile.rules().forEach(rule -> rules.add(rule(rule)));
        if (profile.recurrence() != null) {
            out.set("recurrence", recurrence(profile.recurrence()));
        }
        if (profile.fixedDate() != null) {
            ObjectNode fixedDate = out.putObject("fixedDate");
            fixedDate.put("timeZone", profile.fixedDate().timeZone());
            fixedDate.put("start", profile.fixedDate().start().toString());
            fixedDate.put("end", profile.fixedDate().end().toString());
        }
        return out;
    }

    private static ObjectNode rule(Rule rule) {
        MetricTrigger t = rule.metricTrigger();
        ObjectNode out = JSON.objectNode();
        ObjectNode trigger = out.putObject("metricTrigger");
        trigger.put("metricName", t.metric().azureName());
        trigger.put("timeGrain", AzureDuration.format(t.timeGrain()));
        trigger.put("statistic", t.statistic().wire());
        trigger.put("timeWindow", AzureDuration.format(t.timeWindow()));
        trigger.put("timeAggregation", t.timeAggregation().wire());
        trigger.put("operator", t.operator().wire());
        trigger.put("threshold", t.threshold());
        trigger.put("dividePerInstance", t.dividePerInstance());
        ScaleAction a = rule.scaleAction();
        ObjectNode action = out.putObject("scaleAction");
        action.put("direction", a.direction().wire());
        action.put("type", a.type().wire());
        action.put("value", Integer.toString(a.value()));
        action.put("cooldown", AzureDuration.format(a.cooldown()));
        return out;
    }

    private static ObjectNode recurrence(Recurrence recurrence) {
        ObjectNode out = JSON.objectNode();
        out.put("frequency", "Week");
        ObjectNode schedule = out.putObject("schedule");
        schedule.put("timeZone", recurrence.timeZone());
        ArrayNode days = schedule.putArray("days");
        for (DayOfWeek day : recurrence.days()) {
            days.add(day.getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        }
        ArrayNode hours = schedule.putArray("hours");
        recurrence.hours().forEach(hours::add);
        ArrayNode minutes = schedule.putArray("minutes");
        recurrence.minutes().forEach(minutes::add);
        return out;
    }
}
