package fr.pairobs.lake;

/** Physical types of lake columns; each maps to one Parquet primitive and logical type. */
public enum LakeType {
    /** UTF-8 text. Java value: {@link String}. */
    STRING,
    /** 32-bit integer. Java value: {@link Integer}. */
    INT,
    /** 64-bit integer. Java value: {@link Long}. */
    LONG,
    /** Double precision number (amounts, FTE). Java value: {@link Double}. */
    DOUBLE,
    /** Calendar date. Java value: {@link java.time.LocalDate}. */
    DATE,
    /** Java value: {@link Boolean}. */
    BOOLEAN,
    /** Instant, stored UTC-adjusted in microseconds. Java value: {@link java.time.Instant}. */
    TIMESTAMP;

    public static LakeType fromSpec(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "string", "text", "code" -> STRING;
            case "int", "integer" -> INT;
            case "long", "bigint" -> LONG;
            case "decimal", "double", "number" -> DOUBLE;
            case "date" -> DATE;
            case "boolean", "bool" -> BOOLEAN;
            case "timestamp" -> TIMESTAMP;
            default -> throw new IllegalArgumentException("unknown field type '" + name
                    + "' (expected string, int, long, decimal, date, boolean or timestamp)");
        };
    }
}
