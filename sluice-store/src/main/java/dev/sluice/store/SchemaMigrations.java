package dev.sluice.store;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** The store's tables: Flyway gives a new database its tables and brings an old one up to date. */
final class SchemaMigrations {

    private SchemaMigrations() {
    }

    /** Runs the dialect's migrations that the database has not had yet. */
    static void apply(DataSource dataSource, Dialect dialect) {
        try {
            Flyway.configure(SchemaMigrations.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations(dialect.migrations())
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw SluiceException.wrap(ErrorCode.INTERNAL, "store: migrating the database failed", e);
        }
    }
}
