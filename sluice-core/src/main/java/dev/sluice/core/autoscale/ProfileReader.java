package dev.sluice.core.autoscale;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.error.SluiceException;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Reads one profile: name, capacity, rules, and its recurrence or fixed date, Azure's keys and limits. */
final class ProfileReader {

    private static final Set<String> PROFILE_KEYS = Set.of("name", "capacity", "rules", "recurrence", "fixedDate");
    private static final Set<String> CAPACITY_KEYS = Set.of("minimum", "maximum", "default");
    private static final Set<String> RECURRENCE_KEYS = Set.of("frequency", "schedule");
    private static final Set<String> SCHEDULE_KEYS = Set.of("timeZone", "days", "hours", "minutes");
    private static final Set<String> FIXED_DATE_KEYS = Set.of("timeZone", "start", "end");
    private static final String DAYS = "Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday";

    private ProfileReader() {
    }

    static Profile read(Fields profile, ReadContext context) {
        profile.allowOnly(PROFILE_KEYS);
        String name = profile.text("name");
        Capacity capacity = capacity(profile.object("capacity"));
        List<Fields> ruleFields = profile.objects("rules");
        if (ruleFields.size() > AutoscaleLimits.MAX_RULES_PER_PROFILE) {
            throw SluiceException.badArgument(profile.pathOf("rules"), ruleFields.size() + " rules",
                    "at most " + AutoscaleLimits.MAX_RULES_PER_PROFILE + " per profile");
        }
        List<Rule> rules = new ArrayList<>();
        ruleFields.forEach(rule -> rules.add(RuleReader.read(rule, context)));
        if (profile.has("recurrence") && profile.has("fixedDate")) {
            throw SluiceException.badArgument(profile.pathOf("fixedDate"), "given with a recurrence",
                    "either recurrence or fixedDate, not both");
        }
        Recurrence recurrence = profile.optionalObject("recurrence").map(r -> recurrence(r, context)).orElse(null);
        FixedDate fixedDate = profile.optionalObject("fixedDate").map(f -> fixedDate(f, context)).orElse(null);
        return new Profile(name, capacity, rules, recurrence, fixedDate);
    }

    /** Azure's bounds, except that a minimum of 0 is allowed: scaling to zero is a Sluice extension. */
    private static Capacity capacity(Fields capacity) {
        capacity.allowOnly(CAPACITY_KEYS);
        int max = AutoscaleLimits.MAX_INSTANCES;
        int minimum = capacity.count("minimum", 0, max);
        int maximum = capacity.count("maximum", 0, max);
        if (maximum < minimum) {
            throw SluiceException.badArgument(capacity.pathOf("maximum"), maximum,
                    "at least the minimum, " + minimum + ".." + max);
        }
        int defaultCount = capacity.count("default", 0, max);
        if (defaultCount < minimum || defaultCount > maximum) {
            throw SluiceException.badArgument(capacity.pathOf("default"), defaultCount,
                    minimum + ".." + maximum + ", between minimum and maximum");
        }
        return new Capacity(minimum, maximum, defaultCount);
    }

    private static Recurrence recurrence(Fields recurrence, ReadContext context) {
        recurrence.allowOnly(RECURRENCE_KEYS);
        recurrence.only("frequency", "Week", "autoscale schedules repeat weekly, list every day for a daily one");
        Fields schedule = recurrence.object("schedule");
        schedule.allowOnly(SCHEDULE_KEYS);
        String timeZone = schedule.text("timeZone");
        context.zones().resolve(schedule.pathOf("timeZone"), timeZone);
        return new Recurrence(timeZone, days(schedule), numbers(schedule, "hours", 23), numbers(schedule, "minutes", 59));
    }

    private static Set<DayOfWeek> days(Fields schedule) {
        List<JsonNode> names = nonEmpty(schedule, "days", DAYS);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < names.size(); i++) {
            String field = schedule.pathOf("days") + "[" + i + "]";
            JsonNode name = names.get(i);
            DayOfWeek day = null;
            for (DayOfWeek candidate : DayOfWeek.values()) {
                if (name.isTextual() && candidate.name().equalsIgnoreCase(name.asText())) {
                    day = candidate;
                }
            }
            if (day == null) {
                throw Fields.wrong(field, name, DAYS);
            }
            days.add(day);
        }
        return days;
    }

    private static List<Integer> numbers(Fields schedule, String key, int max) {
        List<JsonNode> values = nonEmpty(schedule, key, "0.." + max);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            JsonNode value = values.get(i);
            String field = schedule.pathOf(key) + "[" + i + "]";
            if (!value.isIntegralNumber()) {
                throw Fields.wrong(field, value, "an integer, 0.." + max);
            }
            out.add(Fields.countAt(field, value, 0, max));
        }
        return out;
    }

    private static List<JsonNode> nonEmpty(Fields schedule, String key, String each) {
        List<JsonNode> values = schedule.array(key);
        if (values.isEmpty()) {
            throw SluiceException.badArgument(schedule.pathOf(key), "[]", "a list of one or more of " + each);
        }
        return values;
    }

    /** Azure's {@code timeZone} is optional here: UTC. A date-time without offset is a wall-clock time in it. */
    private static FixedDate fixedDate(Fields fixedDate, ReadContext context) {
        fixedDate.allowOnly(FIXED_DATE_KEYS);
        String timeZone = fixedDate.optionalText("timeZone").orElse("UTC");
        ZoneId zone = context.zones().resolve(fixedDate.pathOf("timeZone"), timeZone);
        OffsetDateTime start = dateTime(fixedDate, "start", zone);
        OffsetDateTime end = dateTime(fixedDate, "end", zone);
        if (!end.isAfter(start)) {
            throw SluiceException.badArgument(fixedDate.pathOf("end"), fixedDate.text("end"),
                    "a date-time after start, " + fixedDate.text("start"));
        }
        return new FixedDate(timeZone, start, end);
    }

    private static OffsetDateTime dateTime(Fields fields, String key, ZoneId zone) {
        String text = fields.text(key);
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toOffsetDateTime();
            } catch (DateTimeParseException e) {
                throw SluiceException.badArgument(fields.pathOf(key), text,
                        "an ISO-8601 date-time such as 2024-12-24T00:00:00 (in timeZone) or 2024-12-24T08:00:00Z");
            }
        }
    }
}
