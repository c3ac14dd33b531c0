package fr.pairobs.pull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A partner's server seen as a folder of files: listed, then each file downloaded. */
public interface RemoteSource extends AutoCloseable {
    /** The regular files of the source folder, their names checked with {@link RemoteFile#checkName}. */
    List<RemoteFile> list() throws IOException;

    /**
     * Writes the file's bytes to {@code target}, which exists and is empty, refusing ({@link TooLargeException})
     * once more than {@code maxBytes} arrive: a size announced in a listing is no promise.
     */
    void download(RemoteFile file, Path target, long maxBytes) throws IOException;

    /** More bytes than the limit were offered; the transfer was stopped there. */
    final class TooLargeException extends IOException {
        public TooLargeException(String what, long maxBytes) {
            super(what + " is larger than " + maxBytes + " bytes");
        }
    }

    @Override
    void close() throws IOException;
}
