package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Inserting a row that must be new, on a real (in-memory) SQLite table with a primary key. */
class UniqueInsertTest {

    private final UniqueInsert unique = new UniqueInsert(Dialect.SQLITE);
    private Connection c;

    @BeforeEach
    void open() throws SQLException {
        c = DriverManager.getConnection("jdbc:sqlite::memory:");
        execute("CREATE TABLE things (name TEXT PRIMARY KEY, size INTEGER CHECK (size > 0))");
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    @Test
    void aNewRowIsInserted() throws SQLException {
        unique.insert(c, x -> false, x -> insert("a", 1), UniqueInsertTest::conflict);

        assertThat(count()).isEqualTo(1);
    }

    @Test
    void aRowTheLookupFindsIsAConflictAndNothingIsWritten() throws SQLException {
        AtomicInteger inserts = new AtomicInteger();

        assertThatThrownBy(() -> unique.insert(c, x -> true, x -> inserts.incrementAndGet(),
                UniqueInsertTest::conflict)).isInstanceOfSatisfying(SluiceException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(inserts).hasValue(0);
    }

    @Test
    void aRowInsertedAfterTheLookupIsTheSameConflict() throws SQLException {
        insert("a", 1); // another node, between the lookup and the insert

        assertThatThrownBy(() -> unique.insert(c, x -> false, x -> insert("a", 2), UniqueInsertTest::conflict))
                .isInstanceOfSatisfying(SluiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.getMessage()).contains("thing exists");
                });
    }

    @Test
    void otherDatabaseFailuresPassThrough() {
        assertThatThrownBy(() -> unique.insert(c, x -> false, x -> insert("b", 0), UniqueInsertTest::conflict))
                .isInstanceOf(SQLException.class);
    }

    private static SluiceException conflict() {
        return SluiceException.of(ErrorCode.CONFLICT, "thing exists", "name");
    }

    private void insert(String name, int size) throws SQLException {
        try (var s = c.prepareStatement("INSERT INTO things (name, size) VALUES (?, ?)")) {
            s.setString(1, name);
            s.setInt(2, size);
            s.executeUpdate();
        }
    }

    private int count() throws SQLException {
        try (Statement s = c.createStatement(); var rows = s.executeQuery("SELECT COUNT(*) FROM things")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
