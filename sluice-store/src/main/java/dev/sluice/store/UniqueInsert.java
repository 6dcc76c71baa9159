package dev.sluice.store;

import dev.sluice.core.error.SluiceException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Inserts a row whose key must be new: the caller's conflict when the row is there already, also when another node
 * inserted it between the check and the insert (PostgreSQL then reports a duplicate key). Inside a transaction.
 */
final class UniqueInsert {

    /** Whether the row is there already. */
    @FunctionalInterface
    interface Lookup {
        boolean exists(Connection connection) throws SQLException;
    }

    /** Writes the row. */
    @FunctionalInterface
    interface Insert {
        void run(Connection connection) throws SQLException;
    }

    private final Dialect dialect;

    UniqueInsert(Dialect dialect) {
        this.dialect = dialect;
    }

    /** @throws SluiceException {@code conflict}'s exception when the row exists */
    void insert(Connection c, Lookup lookup, Insert insert, Supplier<SluiceException> conflict) throws SQLException {
        if (lookup.exists(c)) {
            throw conflict.get();
        }
        try {
            insert.run(c);
        } catch (SQLException e) {
            if (dialect.isDuplicateKey(e)) {
                throw conflict.get();
            }
            throw e;
        }
    }
}
