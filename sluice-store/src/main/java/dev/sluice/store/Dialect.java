package dev.sluice.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What differs between the databases the store runs on: where their migrations live, how a transaction
 * starts and ends, and how they report a duplicate key. The SQL of the queries themselves is shared.
 */
enum Dialect {

    /**
     * Transactions are explicit {@code BEGIN IMMEDIATE} statements on an auto-commit connection: the write
     * lock is taken at the start, so a second store on the same file (a restarting server) waits for it
     * (busy timeout) instead of failing halfway when a read turns into a write.
     */
    SQLITE("sqlite") {
        @Override
        void prepare(Connection connection) throws SQLException {
            connection.setAutoCommit(true);
        }

        @Override
        void begin(Connection connection) throws SQLException {
            execute(connection, "BEGIN IMMEDIATE");
        }

        @Override
        void commit(Connection connection) throws SQLException {
            execute(connection, "COMMIT");
        }

        @Override
        void rollback(Connection connection) throws SQLException {
            // Fails harmlessly when SQLite already rolled back by itself (it does on some I/O errors).
            execute(connection, "ROLLBACK");
        }

        @Override
        boolean isDuplicateKey(SQLException e) {
            return e instanceof SQLiteException sqlite
                    && (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
                    || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE);
        }
    },

    /** Plain JDBC transactions (auto-commit off); READ COMMITTED plus the key constraints is enough here. */
    POSTGRESQL("postgresql") {
        @Override
        void prepare(Connection connection) throws SQLException {
            connection.setAutoCommit(false);
        }

        @Override
        void begin(Connection connection) {
            // The driver starts a transaction with the first statement.
        }

        @Override
        void commit(Connection connection) throws SQLException {
            connection.commit();
        }

        @Override
        void rollback(Connection connection) throws SQLException {
            connection.rollback();
        }

        @Override
        boolean isDuplicateKey(SQLException e) {
            return "23505".equals(e.getSQLState());
        }
    };

    private final String migrationFolder;

    Dialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    /** The Flyway location of this database's migrations. */
    String migrations() {
        return "classpath:db/migration/" + migrationFolder;
    }

    /** Sets a fresh connection up for {@link #begin}/{@link #commit}. */
    abstract void prepare(Connection connection) throws SQLException;

    abstract void begin(Connection connection) throws SQLException;

    abstract void commit(Connection connection) throws SQLException;

    abstract void rollback(Connection connection) throws SQLException;

    /** True when {@code e} says that a row with the same primary key exists. */
    abstract boolean isDuplicateKey(SQLException e);

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
