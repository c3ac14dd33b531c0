package fr.pairobs.lake;

/** A part of the file: bytes {@code [start, end)}, starting on a record after {@code linesBefore} physical lines. */
public record ByteRange(int index, int count, long start, long end, long linesBefore) {
    public ByteRange {
        if (index < 0 || index >= count || start < 0 || end < start || linesBefore < 0) {
            throw new IllegalArgumentException("invalid range " + index + "/" + count + " [" + start + ", " + end + ")");
        }
    }

    public static ByteRange whole(long size) {
        return new ByteRange(0, 1, 0, size, 0);
    }

    public boolean isWhole() {
        return count == 1;
    }

    /**
     * What the range adds to the names of its partition, part files, rejects file and marker: nothing for a
     * whole file, {@code -r03} for the fourth range of several.
     */
    public String suffix() {
        return count == 1 ? "" : String.format("-r%02d", index);
    }

    /** How the range is named in messages: {@code part 2 of 8}. */
    public String label() {
        return "part " + (index + 1) + " of " + count;
    }

    /** Serialized as {@code index count start end linesBefore}. */
    public String line() {
        return index + " " + count + " " + start + " " + end + " " + linesBefore;
    }

    public static ByteRange parse(String line) {
        String[] f = line.strip().split(" ");
        if (f.length != 5) {
            throw new IllegalArgumentException("not a range line: '" + line + "'");
        }
        return new ByteRange(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                Long.parseLong(f[4]));
    }
}
