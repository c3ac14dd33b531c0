package fr.pairobs.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import fr.pairobs.Workspace;

import static java.util.Objects.requireNonNull;

/**
 * The files {@code pairobs sql} reads for an evaluator besides the database: a query file
 * ({@code -f}). It is a {@code .sql} file (its name and its real path's), never one under the
 * home's secrets, landing, inbox, lake, rejects or job repository, whatever its extension or the
 * links leading to it, and of reasonable size. Its content is never printed: a query that fails is
 * told by line and column only ({@link SqlErrors}).
 */
public final class SqlSources {
    /** A query file larger than this is not a query. */
    static final long MAX_QUERY_BYTES = 1 << 20;

    private SqlSources() {
    }

    /** The workspace's folders that hold the key, identifying raw data or person-level rows. */
    static List<Path> sensitiveFolders(Workspace workspace) {
        requireNonNull(workspace, "workspace is null");
        return List.of(workspace.secrets(), workspace.landing(), workspace.home().resolve("inbox"), workspace.lake(),
                workspace.rejects(), workspace.home().resolve("repository"));
    }

    /**
     * Refuses a real path under one of the workspace's sensitive folders (compared both as configured
     * and as their own real paths, since the home may be reached through a link).
     *
     * @param what the option that named the file, for the message
     */
    public static void refuseSensitive(Path real, Workspace workspace, String what) {
        requireNonNull(real, "real is null");
        for (Path folder : sensitiveFolders(workspace)) {
            List<Path> forms = new ArrayList<>();
            forms.add(folder.toAbsolutePath().normalize());
            try {
                forms.add(folder.toRealPath());
            } catch (IOException e) {
                // a folder that does not exist holds nothing
            }
            for (Path form : forms) {
                if (real.startsWith(form)) {
                    throw new QueryRefusedException("refused: " + what + " may not read a file under " + form
                            + " (the key, raw partner files, the lake, the rejects and the job repository stay out of reach)");
                }
            }
        }
    }

    /** The text of a query file, or a refusal that names the file but never shows any of its content. */
    public static String readQueryFile(Path file, Workspace workspace) {
        requireNonNull(file, "file is null");
        if (!isSql(file)) {
            throw new QueryRefusedException("refused: -f reads .sql files only; " + file + " is not one");
        }
        if (!Files.isRegularFile(file)) {
            throw new QueryRefusedException("refused: -f: no file " + file);
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            throw new QueryRefusedException("refused: -f: cannot resolve " + file);
        }
        // the folders first, whatever the extension: the reason that matters is named
        refuseSensitive(real, workspace, "-f");
        if (!isSql(real)) {
            throw new QueryRefusedException("refused: -f reads .sql files only; " + file + " leads to a file that is not one");
        }
        byte[] bytes;
        // the real path, not following a link that might have been put there since it was resolved
        try (InputStream in = Files.newInputStream(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes((int) MAX_QUERY_BYTES + 1);
        } catch (IOException e) {
            throw new QueryRefusedException("refused: -f: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > MAX_QUERY_BYTES) {
            throw new QueryRefusedException("refused: -f: " + file + " is larger than " + MAX_QUERY_BYTES + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new QueryRefusedException("refused: -f: " + file + " is not UTF-8 text");
        }
    }

    private static boolean isSql(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".sql");
    }
}
