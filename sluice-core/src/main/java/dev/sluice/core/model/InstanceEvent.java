package dev.sluice.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One step in the life of a deployment's instances (Started, Ready, Exited, …), as {@code online-deployment show}
 * lists them. Kept as data; only the management API turns it into a line of text.
 *
 * @param subject     the instance id, or the deployment's name for events of the whole deployment
 *                    (Succeeded, Failed, RolledBack, EnvironmentFailed)
 * @param detail      free text for people, may be empty
 * @param coldStartMs on a Ready event after a (re)start by this server: process start to Ready; null otherwise
 */
public record InstanceEvent(Instant time, String subject, Kind kind, String detail, Long coldStartMs) {

    public InstanceEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(kind, "kind");
        detail = detail == null ? "" : detail;
    }

    public static InstanceEvent of(Instant time, String subject, Kind kind, String detail) {
        return new InstanceEvent(time, subject, kind, detail, null);
    }

    /** What happened; {@link #wire()} is the word users see. */
    public enum Kind {
        STARTED("Started"),
        RESTARTED("Restarted"),
        ADOPTED("Adopted"),
        READY("Ready"),
        UNREADY("Unready"),
        PROBE_FAILED("ProbeFailed"),
        KILLED("Killed"),
        EXITED("Exited"),
        START_FAILED("StartFailed"),
        BACK_OFF("BackOff"),
        SCALE_DOWN("ScaleDown"),
        TERMINATING("Terminating"),
        STOPPED("Stopped"),
        SUCCEEDED("Succeeded"),
        FAILED("Failed"),
        ROLLED_BACK("RolledBack"),
        ENVIRONMENT_FAILED("EnvironmentFailed");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}
