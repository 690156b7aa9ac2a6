package dev.lanshare.service;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's host name (without its domain), read without asking DNS where the platform allows. */
public final class Hosts {
    private static final Path LINUX = Path.of("/proc/sys/kernel/hostname");

    private Hosts() {
    }

    public static String hostName() {
        try {
            if (Files.isReadable(LINUX)) {
                return shortName(Files.readString(LINUX).trim());
            }
        } catch (IOException e) {
            // fall through to the portable way
        }
        String env = System.getenv("COMPUTERNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return shortName(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            return "lanshare";
        }
    }

    private static String shortName(String name) {
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
