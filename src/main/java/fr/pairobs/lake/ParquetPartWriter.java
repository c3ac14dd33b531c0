package fr.pairobs.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import static java.util.Objects.requireNonNull;

/**
 * Writes one Parquet file of lake rows ({@code Object[]} in the order of a {@link LakeColumn} list)
 * with parquet-java and no Hadoop at run time. The rows go straight to parquet-java's column writers
 * (the schema is flat: one value or null per column), row groups cut by rows and bytes. The file is
 * written under a temporary name and renamed into place by {@link #close()}, so a crash never
 * leaves half a file under the final name.
 */
public final class ParquetPartWriter implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final List<LakeColumn> schema;
    private final MessageType messageType;
    private final ParquetProperties properties;
    private final CompressionCodecFactory.BytesInputCompressor compressor;
    private final ParquetFileWriter file;
    private final long rowGroupBytes;
    private final int rowGroupRows;
    private final LakeType[] types;
    private final boolean[] required;
    private final int[] maxDefinition;
    /** Per column, the last string written and its bytes: lineage and codes repeat row after row. */
    private final String[] lastString;
    private final Binary[] lastBinary;
    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStore store;
    private ColumnWriter[] writers;
    private long rows;
    private long groupRows;
    private boolean done;

    private ParquetPartWriter(Path target, Path temp, List<LakeColumn> schema, ParquetWriteOptions options) throws IOException {
        this.target = target;
        this.temp = temp;
        this.schema = schema;
        this.messageType = messageType(schema);
        ParquetProperties.Builder builder = ParquetProperties.builder()
                .withPageSize(options.pageBytes())
                .withDictionaryEncoding(true)
                .withRowGroupRowCountLimit(options.rowGroupRows())
                // size statistics (byte counts and level histograms per page) are not read by DuckDB
                .withSizeStatisticsEnabled(false);
        for (LakeColumn column : schema) {
            if (column.nearlyUnique()) {
                // keys, person pseudonyms and line numbers hardly repeat: a dictionary would only grow and be thrown away
                builder.withDictionaryEncoding(column.name(), false);
                if (column.type() == LakeType.STRING) {
                    // nor are min/max statistics of random ids worth comparing every value for
                    builder.withStatisticsEnabled(column.name(), false);
                }
            }
        }
        this.properties = builder.build();
        this.compressor = new NoHadoopCodecFactory(options.zstdLevel())
                .getCompressor(CompressionCodecName.valueOf(options.codec().name()));
        this.rowGroupBytes = options.rowGroupBytes();
        this.rowGroupRows = options.rowGroupRows();
        int n = schema.size();
        this.types = new LakeType[n];
        this.required = new boolean[n];
        this.maxDefinition = new int[n];
        for (int i = 0; i < n; i++) {
            types[i] = schema.get(i).type();
            required[i] = schema.get(i).required();
            maxDefinition[i] = required[i] ? 0 : 1;
        }
        this.lastString = new String[n];
        this.lastBinary = new Binary[n];
        this.file = new ParquetFileWriter(new LocalOutputFile(temp), messageType, ParquetFileWriter.Mode.OVERWRITE,
                options.rowGroupBytes(), 0, null, properties);
        file.start();
        startRowGroup();
    }

    public static ParquetPartWriter open(Path target, List<LakeColumn> schema, ParquetWriteOptions options) throws IOException {
        requireNonNull(target, "target is null");
        requireNonNull(options, "options is null");
        Path temp = target.resolveSibling(target.getFileName() + ".inprogress");
        Files.deleteIfExists(temp);
        return new ParquetPartWriter(target, temp, List.copyOf(schema), options);
    }

    public static MessageType messageType(List<LakeColumn> columns) {
        List<Type> fields = new ArrayList<>();
        for (LakeColumn column : columns) {
            Types.PrimitiveBuilder<org.apache.parquet.schema.PrimitiveType> field = switch (column.type()) {
                case STRING -> Types.primitive(PrimitiveTypeName.BINARY, repetition(column))
                        .as(LogicalTypeAnnotation.stringType());
                case INT -> Types.primitive(PrimitiveTypeName.INT32, repetition(column));
                case LONG -> Types.primitive(PrimitiveTypeName.INT64, repetition(column));
                case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, repetition(column));
                case DATE -> Types.primitive(PrimitiveTypeName.INT32, repetition(column)).as(LogicalTypeAnnotation.dateType());
                case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, repetition(column));
                case TIMESTAMP -> Types.primitive(PrimitiveTypeName.INT64, repetition(column))
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS));
            };
            fields.add(field.named(column.name()));
        }
        return new MessageType("lake_row", fields);
    }

    private static Type.Repetition repetition(LakeColumn column) {
        return column.required() ? Type.Repetition.REQUIRED : Type.Repetition.OPTIONAL;
    }

    public void write(Object[] row) throws IOException {
        if (row.length != types.length) {
            throw new IllegalArgumentException("row has " + row.length + " values, the schema " + types.length + " columns");
        }
        for (int i = 0; i < row.length; i++) {
            if (row[i] == null && required[i]) {
                throw new IllegalArgumentException("column " + schema.get(i).name() + " is required but the value is null");
            }
        }
        for (int i = 0; i < row.length; i++) {
            Object value = row[i];
            ColumnWriter writer = writers[i];
            if (value == null) {
                writer.writeNull(0, 0);
                continue;
            }
            int definition = maxDefinition[i];
            switch (types[i]) {
                case STRING -> writer.write(binary(i, (String) value), 0, definition);
                case INT -> writer.write(((Number) value).intValue(), 0, definition);
                case LONG -> writer.write(((Number) value).longValue(), 0, definition);
                case DOUBLE -> writer.write(((Number) value).doubleValue(), 0, definition);
                case DATE -> writer.write((int) ((LocalDate) value).toEpochDay(), 0, definition);
                case BOOLEAN -> writer.write(((Boolean) value).booleanValue(), 0, definition);
                case TIMESTAMP -> writer.write(ChronoUnit.MICROS.between(Instant.EPOCH, (Instant) value), 0, definition);
            }
        }
        store.endRecord();
        rows++;
        groupRows++;
        // the buffered size is a sum over the columns: looked at every thousand rows, as parquet-java's own writer does
        if (groupRows >= rowGroupRows || groupRows % 1000 == 0 && store.getBufferedSize() >= rowGroupBytes) {
            flushRowGroup();
            startRowGroup();
        }
    }

    private Binary binary(int column, String value) {
        if (value.equals(lastString[column])) {
            return lastBinary[column];
        }
        Binary binary = Binary.fromConstantByteArray(value.getBytes(StandardCharsets.UTF_8));
        lastString[column] = value;
        lastBinary[column] = binary;
        return binary;
    }

    private void startRowGroup() {
        pages = new ColumnChunkPageWriteStore(compressor, messageType, properties.getAllocator(),
                properties.getColumnIndexTruncateLength(), properties.getPageWriteChecksumEnabled());
        store = properties.newColumnWriteStore(messageType, pages, pages);
        List<ColumnDescriptor> columns = messageType.getColumns();
        writers = new ColumnWriter[columns.size()];
        for (int i = 0; i < writers.length; i++) {
            writers[i] = store.getColumnWriter(columns.get(i));
        }
        groupRows = 0;
    }

    private void flushRowGroup() throws IOException {
        if (groupRows > 0) {
            file.startBlock(groupRows);
            store.flush();
            pages.flushToFileWriter(file);
            file.endBlock();
        }
        store.close();
        pages.close();
    }

    public long rowCount() {
        return rows;
    }

    /** Finishes the file and renames it to its final name. */
    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        try {
            flushRowGroup();
            file.end(Map.of());
        } catch (IOException | RuntimeException e) {
            compressor.release();
            Files.deleteIfExists(temp);
            throw e;
        }
        compressor.release();
        // on the disk before it has its name: a part that can be seen is whole, even after the machine (not only the
        // process) stops, and on a file system shared by several ingest processes
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Gives up the file: nothing appears under the final name. */
    public void abort() {
        if (done) {
            return;
        }
        done = true;
        try {
            store.close();
            pages.close();
            file.abort();
        } catch (RuntimeException ignored) {
            // the file is deleted anyway
        }
        compressor.release();
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // a leftover .inprogress file is removed by the next open of the batch
        }
    }
}
