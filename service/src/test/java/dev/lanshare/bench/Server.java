package dev.lanshare.bench;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** An SFTP server under test, listening on loopback. */
interface Server extends Closeable {
    InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    String name();

    int port();

    String user();

    /** The benchmark's data folder as this server's clients name it. */
    String dataPath();

    long pid();

    /** Cumulative user+sys CPU seconds of the server, including connections that have finished. */
    double cpuSeconds() throws InterruptedException;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    /** Waits until {@code port} answers with an SSH banner; fails early when {@code process} dies. */
    static void awaitBanner(int port, Process process, Path log, Duration limit)
            throws IOException, InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IOException("the server exited with " + process.exitValue() + ":\n" + tail(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(LOOPBACK, port), 1000);
                s.setSoTimeout(5000);
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                if (line != null && line.startsWith("SSH-")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(5);
        }
        throw new IOException("no SSH banner on port " + port + " after " + limit + ":\n" + tail(log));
    }

    static void stop(Process process) throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
