package dev.sluice.core.store;

import dev.sluice.core.model.AuditEntry;
import java.util.List;

/** Every change asked of the management API, append-only. Calls block; keep them off event loops. */
public interface AuditLog {

    /** Appends the entry (its id is assigned by the log). */
    void append(AuditEntry entry);

    /** The newest {@code limit} entries, newest first. */
    List<AuditEntry> latest(int limit);
}
