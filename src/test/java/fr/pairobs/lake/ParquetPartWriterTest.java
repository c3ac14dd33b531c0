package fr.pairobs.lake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParquetPartWriterTest {
    @TempDir
    Path dir;

    private static final List<LakeColumn> SCHEMA = List.of(
            LakeColumn.required("id", LakeType.STRING),
            LakeColumn.optional("n", LakeType.INT),
            LakeColumn.optional("big", LakeType.LONG),
            LakeColumn.optional("fte", LakeType.DOUBLE),
            LakeColumn.optional("day", LakeType.DATE),
            LakeColumn.optional("flag", LakeType.BOOLEAN),
            LakeColumn.required("at", LakeType.TIMESTAMP));

    @Test
    void testWrittenFileIsReadByDuckDbWithTypesAndNulls() throws Exception {
        Path file = dir.resolve("part-00000.parquet");
        Instant at = Instant.parse("2025-03-01T10:15:30.123456Z");
        try (ParquetPartWriter writer = ParquetPartWriter.open(file, SCHEMA, ParquetWriteOptions.defaults())) {
            writer.write(new Object[] {"Hôpital d'Évian", 42, 9_000_000_000L, 0.8, LocalDate.of(2024, 2, 29), true, at});
            writer.write(new Object[] {"b", null, null, null, null, null, at});
            assertThat(writer.rowCount()).isEqualTo(2);
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('" + file + "'))")) {
                List<String> types = new ArrayList<>();
                while (rs.next()) {
                    types.add(rs.getString(1) + " " + rs.getString(2));
                }
                assertThat(types).containsExactly("id VARCHAR", "n INTEGER", "big BIGINT", "fte DOUBLE", "day DATE",
                        "flag BOOLEAN", "at TIMESTAMP WITH TIME ZONE");
            }
            try (ResultSet rs = s.executeQuery("SELECT id, n, big, fte, CAST(day AS VARCHAR), flag, epoch_us(\"at\") FROM read_parquet('"
                    + file + "') ORDER BY id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("Hôpital d'Évian");
                assertThat(rs.getInt(2)).isEqualTo(42);
                assertThat(rs.getLong(3)).isEqualTo(9_000_000_000L);
                assertThat(rs.getDouble(4)).isEqualTo(0.8);
                assertThat(rs.getString(5)).isEqualTo("2024-02-29");
                assertThat(rs.getBoolean(6)).isTrue();
                assertThat(rs.getLong(7)).isEqualTo(at.getEpochSecond() * 1_000_000 + 123_456);
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(2)).isNull();
                assertThat(rs.getObject(5)).isNull();
            }
        }
    }

    @Test
    void testRowGroupLimitGivesSeveralRowGroupsCompressedWithZstd() throws Exception {
        Path file = dir.resolve("part-00001.parquet");
        try (ParquetPartWriter writer = ParquetPartWriter.open(file, SCHEMA, ParquetWriteOptions.defaults().withRowGroupRows(1000))) {
            for (int i = 0; i < 5000; i++) {
                writer.write(new Object[] {"id-" + i, i, (long) i, i / 10.0, LocalDate.of(2025, 1, 1).plusDays(i % 365), i % 2 == 0,
                        Instant.EPOCH});
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(DISTINCT row_group_id), min(compression), max(compression) "
                        + "FROM parquet_metadata('" + file + "')")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(5);
            assertThat(rs.getString(2)).isEqualTo("ZSTD");
            assertThat(rs.getString(3)).isEqualTo("ZSTD");
        }
    }

    @Test
    void testAbortedWriterLeavesNoFileUnderTheFinalName() throws Exception {
        Path file = dir.resolve("part-00002.parquet");
        ParquetPartWriter writer = ParquetPartWriter.open(file, SCHEMA, ParquetWriteOptions.defaults());
        writer.write(new Object[] {"a", 1, 1L, 1.0, null, null, Instant.EPOCH});
        assertThat(file).doesNotExist();
        writer.abort();
        assertThat(file).doesNotExist();
        try (var list = Files.list(dir)) {
            assertThat(list).isEmpty();
        }
    }

    @Test
    void testNullInRequiredColumnIsRefusedNamingTheColumn() throws Exception {
        try (ParquetPartWriter writer = ParquetPartWriter.open(dir.resolve("p.parquet"), SCHEMA, ParquetWriteOptions.defaults())) {
            assertThatThrownBy(() -> writer.write(new Object[] {null, 1, 1L, 1.0, null, null, Instant.EPOCH}))
                    .hasMessageContaining("column id is required");
            writer.write(new Object[] {"ok", 1, 1L, 1.0, null, null, Instant.EPOCH});
        }
    }

    @Test
    void testWriterRunsWithoutHadoopOnTheClassPath() throws Exception {
        String classPath = System.getProperty("java.class.path");
        List<String> withoutHadoop = new ArrayList<>();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            if (!entry.contains("hadoop-client-api")) {
                withoutHadoop.add(entry);
            }
        }
        assertThat(withoutHadoop).hasSizeLessThan(classPath.split(java.io.File.pathSeparator).length);
        Path out = dir.resolve("nohadoop.parquet");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(java.io.File.pathSeparator, withoutHadoop), NoHadoopProbe.class.getName(), out.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).contains("hadoop absent");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet('" + out + "')")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(3);
        }
    }

    /** Runs in a child JVM whose class path lacks Hadoop. */
    public static final class NoHadoopProbe {
        public static void main(String[] args) throws Exception {
            try {
                Class.forName("org.apache.hadoop.conf.Configuration");
                System.out.println("hadoop present");
                System.exit(3);
            } catch (ClassNotFoundException expected) {
                System.out.println("hadoop absent");
            }
            try (ParquetPartWriter writer = ParquetPartWriter.open(Path.of(args[0]), SCHEMA, ParquetWriteOptions.defaults())) {
                for (int i = 0; i < 3; i++) {
                    writer.write(new Object[] {"r" + i, i, (long) i, 0.5, LocalDate.of(2025, 1, 1), false, Instant.EPOCH});
                }
            }
        }
    }
}
