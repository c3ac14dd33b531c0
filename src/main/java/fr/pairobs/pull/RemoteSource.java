package fr.pairobs.pull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A partner's server seen as a folder of files: listed, then each file downloaded. */
public interface RemoteSource extends AutoCloseable {
    /** The regular files of the source folder, their names checked with {@link RemoteFile#checkName}. */
    List<RemoteFile> list() throws IOException;

    /** Writes the file's bytes to {@code target}, which exists and is empty. */
    void download(RemoteFile file, Path target) throws IOException;

    @Override
    void close() throws IOException;
}
