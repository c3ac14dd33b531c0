package fr.pairobs.security;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import fr.pairobs.Workspace;

import static java.util.Objects.requireNonNull;

/**
 * At start-up, before any command runs: the runtime home is closed to other users, and the mode new
 * files get (the umask, 027 from the {@code pairobs} launcher) is checked, so that rejects, logs,
 * lake, job repository and warehouse are never created readable by everyone. A umask that lets
 * others read is reported ({@code pairobs.security.umask-check: warn}, the default) or stops the
 * process ({@code refuse}).
 */
@Component
public final class DiskPrivileges {
    private static final Logger LOG = LoggerFactory.getLogger(DiskPrivileges.class);

    private final Workspace workspace;
    private final String umaskCheck;

    public DiskPrivileges(Workspace workspace, @Value("${pairobs.security.umask-check:warn}") String umaskCheck) {
        this.workspace = requireNonNull(workspace, "workspace is null");
        this.umaskCheck = requireNonNull(umaskCheck, "umaskCheck is null");
        if (!umaskCheck.equals("warn") && !umaskCheck.equals("refuse")) {
            throw new IllegalArgumentException("pairobs.security.umask-check is 'warn' or 'refuse', found '" + umaskCheck + "'");
        }
    }

    @EventListener(ApplicationStartedEvent.class)
    public void check() {
        if (!Files.isDirectory(workspace.home())) {
            return;
        }
        FileModes.closeToOthers(workspace.home());
        Set<PosixFilePermission> excess = FileModes.newFileExcess(workspace.home());
        if (excess.isEmpty()) {
            return;
        }
        String message = "new files are created with " + PosixFilePermissions.toString(excess) + " beyond rw-r----- "
                + "(the umask lets other accounts read outputs); run through the pairobs launcher (umask 027) or set "
                + "'umask 027' in the service's environment";
        if (umaskCheck.equals("refuse")) {
            throw new IllegalStateException(message);
        }
        LOG.warn(message);
    }
}
