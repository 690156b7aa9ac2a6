package dev.lanshare.service.gateway;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Requests as Finder and Explorer send them, replayed with {@code curl}. */
record Curl(int status, String body) {
    static Curl of(Path dir, String... args) throws IOException, InterruptedException {
        return send(dir, null, args);
    }

    /** @param input sent as the body from standard input (chunked when {@code -T -} is among the args) */
    static Curl send(Path dir, String input, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-g", "--path-as-is", "-w", "\n%{http_code}"));
        cmd.addAll(List.of(args));
        Run r = Run.of(dir, cmd, input);
        String out = r.output();
        int nl = out.lastIndexOf('\n');
        return new Curl(Integer.parseInt(out.substring(nl + 1).strip()), out.substring(0, Math.max(0, nl)));
    }
}
