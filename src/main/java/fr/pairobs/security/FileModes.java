package fr.pairobs.security;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * File modes of secrets and outputs. A secret (pseudonymization key, SFTP key or password, token,
 * job repository password) is read only when no one but its owner can read it; it is written with
 * mode 0600 from its creation, never created and then narrowed. On a file system without POSIX
 * permissions the checks do nothing (the folder's ACL applies).
 */
public final class FileModes {
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> SHARED = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private FileModes() {
    }

    /**
     * Refuses a secret file that its group or other users can access, with the command that fixes it.
     *
     * @throws SecretFileModeException naming the file, its mode and the fix
     */
    public static void requireOwnerOnly(Path file, String what) {
        requireNonNull(file, "file is null");
        Set<PosixFilePermission> permissions = permissions(file);
        if (permissions == null) {
            return;
        }
        EnumSet<PosixFilePermission> shared = EnumSet.noneOf(PosixFilePermission.class);
        shared.addAll(permissions);
        shared.retainAll(SHARED);
        if (!shared.isEmpty()) {
            throw new SecretFileModeException(what + ": secret file " + file + " has mode " + octal(permissions)
                    + ", so other accounts can read it; fix: chmod 600 " + file);
        }
    }

    /** Writes a new secret file with mode 0600 from its creation; an existing file is refused, never replaced. */
    public static void createOwnerOnly(Path file, byte[] content) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            FileAttribute<?>[] attributes = isPosix(parent)
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                    : new FileAttribute<?>[0];
            Files.createFile(file, attributes);
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the secret file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Probes the process's umask by creating a file in {@code dir}: the permissions a new file gets
     * are 0666 minus the umask. Returns the bits a new file grants beyond its owner and group's read.
     */
    public static Set<PosixFilePermission> newFileExcess(Path dir) {
        if (!isPosix(dir)) {
            return Set.of();
        }
        try {
            Files.createDirectories(dir);
            // createFile, not createTempFile: the latter asks for 0600 and would hide the umask
            Path probe = Files.createFile(dir.resolve(".umask-probe-" + ProcessHandle.current().pid() + "-" + System.nanoTime()));
            try {
                Set<PosixFilePermission> granted = EnumSet.copyOf(Files.getPosixFilePermissions(probe));
                granted.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.GROUP_READ));
                return granted;
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot probe the file mode of new files in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes every access away from other users on a directory (the runtime home): whatever a file
     * inside allows, they cannot reach it.
     */
    public static void closeToOthers(Path dir) {
        if (!isPosix(dir) || !Files.isDirectory(dir)) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(dir));
            if (permissions.removeAll(EnumSet.of(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                    PosixFilePermission.OTHERS_EXECUTE))) {
                Files.setPosixFilePermissions(dir, permissions);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove other users' access to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes a published file readable by one group (the research warehouse for its evaluators): group
     * ownership to {@code group}, mode 0640. The directories above it must let that group through
     * (see README, Security).
     */
    public static void shareWithGroup(Path file, String group) {
        requireNonNull(group, "group is null");
        if (!isPosix(file)) {
            return;
        }
        try {
            GroupPrincipal principal = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
            Files.getFileAttributeView(file, PosixFileAttributeView.class).setGroup(principal);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            throw new IllegalStateException("pairobs.warehouse.group: no group named '" + group + "' on this machine; create it "
                    + "(groupadd " + group + ") or fix the setting", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give group " + group + " read access to " + file + " (is the PairObs account "
                    + "a member of it?): " + e.getMessage(), e);
        }
    }

    static Set<PosixFilePermission> permissions(Path file) {
        try {
            return Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mode of " + file + ": " + e.getMessage(), e);
        }
    }

    static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", mode);
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
