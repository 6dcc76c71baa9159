package dev.sluice.store;

import dev.sluice.core.error.SluiceException;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Connections set up the way the store needs them, for its own use and for the migrations. */
final class DataSources {

    /** How long SQLite waits for another connection's write lock (a second server on the same file). */
    static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(30);
    static final Duration POSTGRES_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration POSTGRES_SOCKET_TIMEOUT = Duration.ofSeconds(60);

    static final String SQLITE_PREFIX = "jdbc:sqlite:";
    static final String POSTGRES_PREFIX = "jdbc:postgresql:";

    private DataSources() {
    }

    static Dialect dialectOf(String jdbcUrl) {
        if (jdbcUrl != null && jdbcUrl.startsWith(SQLITE_PREFIX)) {
            return Dialect.SQLITE;
        }
        if (jdbcUrl != null && jdbcUrl.startsWith(POSTGRES_PREFIX)) {
            return Dialect.POSTGRESQL;
        }
        // Only the scheme is echoed: the rest of a JDBC URL may carry a password.
        String scheme = jdbcUrl == null ? "(missing)" : jdbcUrl.replaceFirst("^(jdbc:[^:/?]*).*$", "$1");
        throw SluiceException.badArgument("store URL", scheme,
                "jdbc:sqlite:<file> or jdbc:postgresql://<host>[:<port>]/<database>");
    }

    /**
     * WAL lets readers run beside the writer; synchronous=FULL syncs the log on every commit, so an
     * acknowledged change survives a kill -9 or a power cut; foreign keys are off in SQLite unless asked for.
     */
    static DataSource sqlite(String jdbcUrl) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout((int) SQLITE_BUSY_TIMEOUT.toMillis());
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(jdbcUrl);
        return dataSource;
    }

    static DataSource postgres(String jdbcUrl, String user, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        if (user != null) {
            dataSource.setUser(user);
        }
        if (password != null) {
            dataSource.setPassword(password);
        }
        dataSource.setConnectTimeout((int) POSTGRES_CONNECT_TIMEOUT.toSeconds());
        dataSource.setSocketTimeout((int) POSTGRES_SOCKET_TIMEOUT.toSeconds());
        dataSource.setApplicationName("sluice");
        return dataSource;
    }

    static DataSource of(Dialect dialect, String jdbcUrl, String user, String password) {
        return switch (dialect) {
            case SQLITE -> sqlite(jdbcUrl);
            case POSTGRESQL -> postgres(jdbcUrl, user, password);
        };
    }
}
