package dev.lanshare.service.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real client program and keeps what it printed. */
record Run(int exit, String output) {
    static Run of(Path dir, String... command) throws IOException, InterruptedException {
        return of(dir, List.of(command), null);
    }

    static Run of(Path dir, List<String> command, String input) throws IOException, InterruptedException {
        Path log = java.nio.file.Files.createTempFile(dir, "run-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        if (input != null) {
            p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        boolean done = p.waitFor(180, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = java.nio.file.Files.readString(log, StandardCharsets.UTF_8);
        java.nio.file.Files.delete(log);
        if (!done) {
            throw new AssertionError(command + " did not finish in 180 s:\n" + out);
        }
        return new Run(p.exitValue(), out);
    }
}
