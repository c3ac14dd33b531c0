package fr.pairobs.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import static java.util.Objects.requireNonNull;

/**
 * Writes one Parquet file of lake rows ({@code Object[]} in the order of a {@link LakeColumn} list)
 * with parquet-java and no Hadoop at run time. The file is written under a temporary name and
 * renamed into place by {@link #close()}, so a crash never leaves half a file under the final name.
 */
public final class ParquetPartWriter implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final ParquetWriter<Object[]> writer;
    private final List<LakeColumn> schema;
    private long rows;
    private boolean done;

    private ParquetPartWriter(Path target, Path temp, ParquetWriter<Object[]> writer, List<LakeColumn> schema) {
        this.target = target;
        this.temp = temp;
        this.writer = writer;
        this.schema = schema;
    }

    public static ParquetPartWriter open(Path target, List<LakeColumn> schema, ParquetWriteOptions options) throws IOException {
        requireNonNull(target, "target is null");
        requireNonNull(options, "options is null");
        List<LakeColumn> columns = List.copyOf(schema);
        Path temp = target.resolveSibling(target.getFileName() + ".inprogress");
        Files.deleteIfExists(temp);
        Builder builder = new Builder(new LocalOutputFile(temp), columns);
        for (LakeColumn column : columns) {
            if (column.type() == LakeType.STRING && column.nearlyUnique()) {
                // keys and person pseudonyms hardly repeat: a dictionary would only grow and be thrown away
                builder.withDictionaryEncoding(column.name(), false);
                // nor are min/max statistics of random ids worth comparing every value for
                builder.withStatisticsEnabled(column.name(), false);
            }
        }
        ParquetWriter<Object[]> writer = builder
                .withConf(new PlainParquetConfiguration())
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCodecFactory(new NoHadoopCodecFactory(options.zstdLevel()))
                .withCompressionCodec(CompressionCodecName.valueOf(options.codec().name()))
                .withRowGroupSize(options.rowGroupBytes())
                .withRowGroupRowCountLimit(options.rowGroupRows())
                .withPageSize(options.pageBytes())
                .withDictionaryEncoding(true)
                // size statistics (byte counts and level histograms per page) are not read by DuckDB
                .withSizeStatisticsEnabled(false)
                .build();
        return new ParquetPartWriter(target, temp, writer, columns);
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
        if (row.length != schema.size()) {
            throw new IllegalArgumentException("row has " + row.length + " values, the schema " + schema.size() + " columns");
        }
        for (int i = 0; i < row.length; i++) {
            if (row[i] == null && schema.get(i).required()) {
                throw new IllegalArgumentException("column " + schema.get(i).name() + " is required but the value is null");
            }
        }
        writer.write(row);
        rows++;
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
        writer.close();
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Gives up the file: nothing appears under the final name. */
    public void abort() {
        if (done) {
            return;
        }
        done = true;
        try {
            writer.close();
        } catch (IOException | RuntimeException ignored) {
            // the file is deleted anyway
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // a leftover .inprogress file is removed by the next open of the batch
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
        private final List<LakeColumn> columns;

        Builder(OutputFile file, List<LakeColumn> columns) {
            super(file);
            this.columns = columns;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new RowWriteSupport(columns);
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration conf) {
            return new RowWriteSupport(columns);
        }
    }

    private static final class RowWriteSupport extends WriteSupport<Object[]> {
        private final List<LakeColumn> columns;
        private final MessageType messageType;
        private RecordConsumer consumer;

        RowWriteSupport(List<LakeColumn> columns) {
            this.columns = columns;
            this.messageType = messageType(columns);
        }

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return new WriteContext(messageType, new HashMap<>());
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(messageType, new HashMap<>());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(Object[] row) {
            consumer.startMessage();
            for (int i = 0; i < row.length; i++) {
                Object value = row[i];
                if (value == null) {
                    continue;
                }
                LakeColumn column = columns.get(i);
                consumer.startField(column.name(), i);
                switch (column.type()) {
                    case STRING -> consumer.addBinary(Binary.fromString((String) value));
                    case INT -> consumer.addInteger(((Number) value).intValue());
                    case LONG -> consumer.addLong(((Number) value).longValue());
                    case DOUBLE -> consumer.addDouble(((Number) value).doubleValue());
                    case DATE -> consumer.addInteger((int) ((LocalDate) value).toEpochDay());
                    case BOOLEAN -> consumer.addBoolean((Boolean) value);
                    case TIMESTAMP -> consumer.addLong(ChronoUnit.MICROS.between(Instant.EPOCH, (Instant) value));
                }
                consumer.endField(column.name(), i);
            }
            consumer.endMessage();
        }
    }
}
