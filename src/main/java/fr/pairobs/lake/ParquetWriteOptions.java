package fr.pairobs.lake;

/**
 * How lake part files are written. Row groups are capped so that a large part never becomes one
 * giant row group: DuckDB parallelises its reads by row group.
 *
 * @param codec ZSTD (default), SNAPPY or UNCOMPRESSED
 * @param zstdLevel ZSTD compression level
 * @param rowGroupBytes row group size in bytes
 * @param rowGroupRows row group size in rows
 * @param pageBytes page size in bytes
 */
public record ParquetWriteOptions(Codec codec, int zstdLevel, long rowGroupBytes, int rowGroupRows, int pageBytes) {
    public enum Codec { ZSTD, SNAPPY, UNCOMPRESSED }

    public static ParquetWriteOptions defaults() {
        return new ParquetWriteOptions(Codec.ZSTD, 3, 64L * 1024 * 1024, 122_880, 1024 * 1024);
    }

    public ParquetWriteOptions withRowGroupRows(int rows) {
        return new ParquetWriteOptions(codec, zstdLevel, rowGroupBytes, rows, pageBytes);
    }

    public ParquetWriteOptions withCodec(Codec other) {
        return new ParquetWriteOptions(other, zstdLevel, rowGroupBytes, rowGroupRows, pageBytes);
    }
}
