package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL is supported by URL, but no PostgreSQL server runs in these tests: they check what can be
 * checked without one (URL routing, migrations on the class path, error classification).
 */
class DialectTest {

    @Test
    void urlsChooseTheDialect() {
        assertThat(DataSources.dialectOf("jdbc:sqlite:/tmp/x.db")).isEqualTo(Dialect.SQLITE);
        assertThat(DataSources.dialectOf("jdbc:postgresql://localhost:5432/sluice")).isEqualTo(Dialect.POSTGRESQL);
    }

    @Test
    void eachDialectHasItsMigrations() {
        for (Dialect dialect : Dialect.values()) {
            String resource = dialect.migrations().replace("classpath:", "") + "/V1__create_tables.sql";
            assertThat(getClass().getClassLoader().getResource(resource)).as(resource).isNotNull();
        }
    }

    @Test
    void duplicateKeysAreRecognised() {
        assertThat(Dialect.POSTGRESQL.isDuplicateKey(new SQLException("duplicate key", "23505"))).isTrue();
        assertThat(Dialect.POSTGRESQL.isDuplicateKey(new SQLException("fk", "23503"))).isFalse();
        assertThat(Dialect.SQLITE.isDuplicateKey(new org.sqlite.SQLiteException("UNIQUE",
                org.sqlite.SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY))).isTrue();
        assertThat(Dialect.SQLITE.isDuplicateKey(new org.sqlite.SQLiteException("FK",
                org.sqlite.SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY))).isFalse();
    }

    @Test
    void postgresDataSourceIsBuiltWithoutConnecting() {
        assertThat(DataSources.of(Dialect.POSTGRESQL, "jdbc:postgresql://localhost:1/sluice", "sluice", "secret"))
                .isInstanceOf(org.postgresql.ds.PGSimpleDataSource.class);
    }
}
