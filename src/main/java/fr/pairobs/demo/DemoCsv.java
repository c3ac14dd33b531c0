package fr.pairobs.demo;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A partner file being written in its own dialect, streamed to a hidden temporary name (inbox
 * patterns do not match it) and renamed into place when complete, so a puller never takes half a
 * file. Tracks the physical line each record starts on, for expected rejects.
 */
final class DemoCsv implements AutoCloseable {
    private final Path temp;
    private final Path target;
    private final Writer writer;
    private final CSVPrinter printer;
    private long line = 1;
    private int rows;

    DemoCsv(Path dir, String name, char delimiter, String recordSeparator, Charset charset, boolean bom, String... header)
            throws IOException {
        Files.createDirectories(dir);
        this.target = dir.resolve(name);
        this.temp = dir.resolve("." + name + ".tmp");
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
        if (bom) {
            out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        writer = new OutputStreamWriter(out, charset);
        printer = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setDelimiter(delimiter).setRecordSeparator(recordSeparator).get());
        if (header.length > 0) {
            printer.printRecord((Object[]) header);
            line = 2;
        }
    }

    /** The physical line the next record will start on. */
    long nextLine() {
        return line;
    }

    int rows() {
        return rows;
    }

    void row(Object... values) throws IOException {
        printer.printRecord(values);
        for (Object v : values) {
            if (v instanceof String s && s.indexOf('\n') >= 0) {
                line += s.chars().filter(c -> c == '\n').count();
            }
        }
        line++;
        rows++;
    }

    /** A line written as is (the FINESS extract's lines that are not records of the mapped kind). */
    void raw(String text, String recordSeparator) throws IOException {
        printer.flush();
        writer.write(text);
        writer.write(recordSeparator);
        line++;
    }

    Path path() {
        return target;
    }

    @Override
    public void close() throws IOException {
        printer.close();
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
