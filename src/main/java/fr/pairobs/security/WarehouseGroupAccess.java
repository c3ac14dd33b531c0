package fr.pairobs.security;

import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import fr.pairobs.batch.PipelineEvents;

/**
 * Gives the research warehouse to its evaluators' group ({@code pairobs.warehouse.group}) just before
 * the publish rename, so the published name never points at a file of the wrong group or mode: group
 * ownership to that group, mode 0640. No group configured: the file stays the owner's (0640 by umask).
 */
@Component
public final class WarehouseGroupAccess implements PipelineEvents {
    private final String group;

    public WarehouseGroupAccess(@Value("${pairobs.warehouse.group:}") String group) {
        this.group = group == null ? "" : group.strip();
    }

    @Override
    public void beforePublish(Path build, Path current) {
        if (!group.isEmpty()) {
            FileModes.shareWithGroup(build, group);
        }
    }
}
