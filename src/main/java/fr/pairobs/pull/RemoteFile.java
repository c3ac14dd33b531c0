package fr.pairobs.pull;

import static java.util.Objects.requireNonNull;

/**
 * A file offered by a partner's server: its name as the server gives it, its size, and its SHA-256
 * when the server publishes one. The name is only ever used as a label, never as a local path.
 */
public record RemoteFile(String name, long size, String sha256) {
    public RemoteFile {
        requireNonNull(name, "name is null");
    }

    /**
     * Refuses a name that is not a plain file name: a server listing {@code ../../etc/cron.d/x},
     * an absolute path, a drive letter or control characters is refused, not sanitised.
     */
    public static String checkName(String name, String where) {
        boolean plain = name != null && !name.isEmpty() && name.length() <= 255 && !name.equals(".") && !name.equals("..")
                && name.chars().noneMatch(c -> c == '/' || c == '\\' || c == ':' || c < 0x20 || c == 0x7f);
        if (!plain) {
            throw new PullException(where + " offers a file named '" + String.valueOf(name).replaceAll("\\p{Cntrl}", "?")
                    + "', which is not a plain file name (path traversal refused); nothing was pulled from it");
        }
        return name;
    }
}
