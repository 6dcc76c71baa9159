package dev.sluice.core.autoscale;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ISO-8601 durations as Azure writes them: {@code PT1M}, {@code PT5M}, {@code PT12H}, {@code P1D}, {@code P1W}. */
final class AzureDuration {

    private static final Pattern WEEKS = Pattern.compile("P(\\d{1,4})W", Pattern.CASE_INSENSITIVE);

    private AzureDuration() {
    }

    /** The duration, or an exception when {@code text} is no ISO-8601 duration (months and years are not fixed). */
    static Duration parse(String text) {
        Matcher weeks = WEEKS.matcher(text);
        if (weeks.matches()) {
            return Duration.ofDays(7L * Integer.parseInt(weeks.group(1)));
        }
        return Duration.parse(text);
    }

    /** Azure's spelling: whole days as {@code P1D}, the rest as {@code PT5M}, {@code PT1H30M}, {@code PT10S}. */
    static String format(Duration duration) {
        if (!duration.isZero() && duration.toSeconds() % 86_400 == 0 && duration.getNano() == 0) {
            return "P" + duration.toDays() + "D";
        }
        return duration.toString();
    }

    static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (DateTimeParseException | ArithmeticException e) {
            return false;
        }
    }
}
