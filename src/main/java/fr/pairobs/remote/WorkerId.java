package fr.pairobs.remote;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A worker process: its host and pid, as {@code pairobs run-info} shows who ran a partition, and an id that stays
 * unique when a pid is reused after a restart of the machine.
 */
public record WorkerId(String host, long pid, String id) {
    public static WorkerId current() {
        String host = hostName();
        long pid = ManagementFactory.getRuntimeMXBean().getPid();
        return new WorkerId(host, pid, host + "/" + pid + "@" + ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    /** How the partitions' execution context and run-info name the process: {@code host/pid}. */
    public String shown() {
        return host + "/" + pid;
    }

    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
