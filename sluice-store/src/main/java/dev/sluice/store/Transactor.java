package dev.sluice.store;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Runs each unit of work as one transaction on one connection, one unit at a time. Management traffic is
 * low, so a single connection behind a lock is enough, and with SQLite it is also what keeps writers from
 * tripping over each other. A connection that turns out broken is dropped and reopened on the next call
 * (a PostgreSQL server restart must not need a Sluice restart).
 */
final class Transactor implements AutoCloseable {

    /** How long a call waits for the previous one; beyond it the database is stuck and the call fails. */
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(2);

    /** One unit of work inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final Dialect dialect;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection; // guarded by lock
    private boolean closed; // guarded by lock

    Transactor(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    Dialect dialect() {
        return dialect;
    }

    /**
     * Runs {@code work} in a transaction: committed when it returns, rolled back when it throws.
     * A {@link SluiceException} from {@code work} (NOT_FOUND, CONFLICT) passes through as is; a database
     * failure becomes INTERNAL "store: {@code what} failed" with the cause kept for the server log.
     */
    <T> T call(String what, Work<T> work) {
        acquire(what);
        try {
            if (closed) {
                throw SluiceException.of(ErrorCode.INTERNAL, "store: " + what + " failed: the store is closed");
            }
            Connection c = connection();
            dialect.begin(c);
            try {
                T result = work.run(c);
                dialect.commit(c);
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            dropIfBroken();
            throw SluiceException.wrap(ErrorCode.INTERNAL, "store: " + what + " failed", e);
        } catch (SluiceException e) {
            throw e;
        } catch (RuntimeException e) {
            // A row that does not map back to a record (say, an unknown state spelling) is a store failure too.
            throw SluiceException.wrap(ErrorCode.INTERNAL, "store: " + what + " failed", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    throw SluiceException.wrap(ErrorCode.INTERNAL, "store: closing the database failed", e);
                } finally {
                    connection = null;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void acquire(String what) {
        try {
            if (!lock.tryLock(LOCK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw SluiceException.of(ErrorCode.INTERNAL,
                        "store: " + what + " failed: the database stayed busy for " + LOCK_TIMEOUT.toSeconds() + "s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SluiceException.wrap(ErrorCode.INTERNAL, "store: " + what + " failed: interrupted", e);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection fresh = dataSource.getConnection();
            try {
                dialect.prepare(fresh);
            } catch (SQLException e) {
                fresh.close();
                throw e;
            }
            connection = fresh;
        }
        return connection;
    }

    private void rollback(Connection c, Exception failure) {
        try {
            dialect.rollback(c);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private void dropIfBroken() {
        if (connection == null) {
            return;
        }
        try {
            if (connection.isValid((int) VALIDATION_TIMEOUT.toSeconds())) {
                return;
            }
        } catch (SQLException ignored) {
            // Treated as broken below.
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // It is being thrown away because it failed; a second failure says nothing new.
        }
        connection = null;
    }
}
