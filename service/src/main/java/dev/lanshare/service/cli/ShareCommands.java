package dev.lanshare.service.cli;

import dev.lanshare.config.Access;
import dev.lanshare.config.SettingsException;
import dev.lanshare.config.SettingsValidator;
import dev.lanshare.service.control.ServiceClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lanshare share}, {@code unshare} and {@code shares}. */
final class ShareCommands {
    private ShareCommands() {
    }

    @Command(name = "share", mixinStandardHelpOptions = true,
            description = "Share a folder. Read-only and open to every account unless you say otherwise.")
    static final class Share implements Callable<Integer> {
        @Mixin
        SettingsAccess home;

        @Parameters(paramLabel = "FOLDER", description = "The folder to share.")
        Path folder;

        @Option(names = "--name", description = "The name colleagues see (default: the folder's name).")
        String name;

        @Option(names = "--read-write", description = "Let the people who may open it also change it.")
        boolean readWrite;

        @Option(names = "--guests", description = "Open it to guests too (user 'guest', no password).")
        boolean guests;

        @Option(names = "--account", paramLabel = "NAME[:write]", split = ",",
                description = "Open it to these accounts only (default: every account); ':write' lets one change it.")
        List<String> accounts;

        @Override
        public Integer call() throws Exception {
            if (!Files.isDirectory(folder)) {
                throw new UserError(folder + " is not a folder");
            }
            Path real = folder.toRealPath();
            String shareName = name != null ? name : real.getFileName() == null ? "root" : real.getFileName().toString();
            String problem = SettingsValidator.shareNameProblem(shareName);
            if (problem != null) {
                throw new UserError(problem + "; choose one with --name");
            }
            java.util.Optional<dev.lanshare.config.Share> taken = home.load().share(shareName);
            if (taken.isPresent() && !sameFolder(taken.get().folder(), real)) {
                throw new UserError("'" + taken.get().name() + "' is already the name of " + taken.get().folder()
                        + "; give this folder another name with --name, or 'lanshare unshare " + taken.get().name()
                        + "' first");
            }
            Access granted = readWrite ? Access.WRITE : Access.READ;
            Map<String, Access> access = new LinkedHashMap<>();
            if (accounts == null || accounts.isEmpty()) {
                access.put(dev.lanshare.config.Share.ACCOUNTS, granted);
            } else {
                for (String spec : accounts) {
                    String[] parts = spec.split(":", 2);
                    Access a = parts.length == 2 ? Access.parse(parts[1]) : Access.READ;
                    if (a == null) {
                        throw new UserError("--account " + spec + ": write NAME or NAME:write or NAME:read");
                    }
                    if (a == Access.WRITE && !readWrite) {
                        throw new UserError("--account " + spec + ": the share would be read-only, so " + parts[0]
                                + " could not write; add --read-write (or grant " + parts[0] + " read)");
                    }
                    access.put(parts[0], a);
                }
            }
            if (guests) {
                access.put(dev.lanshare.config.Share.GUESTS, granted);
            }
            home.addShare(new dev.lanshare.config.Share(shareName, real, !readWrite, access));
            System.out.printf("Sharing %s as '%s' (%s, open to %s).%n", real, shareName,
                    readWrite ? "read-write" : "read-only", String.join(", ", access.keySet()));
            return Main.OK;
        }
    }

    private static boolean sameFolder(Path a, Path b) {
        try {
            return a.equals(b) || Files.isSameFile(a, b);
        } catch (java.io.IOException e) {
            return false; // a shared folder that is gone is not this one
        }
    }

    @Command(name = "unshare", mixinStandardHelpOptions = true,
            description = "Stop sharing a folder. Colleagues connected now lose access at once.")
    static final class Unshare implements Callable<Integer> {
        @Mixin
        SettingsAccess home;

        @Parameters(paramLabel = "NAME", description = "The share's name (see 'lanshare shares').")
        String name;

        @Override
        public Integer call() throws Exception {
            if (home.load().share(name).isEmpty()) {
                throw new UserError("no share named '" + name + "'; see 'lanshare shares'");
            }
            home.removeShare(name);
            System.out.printf("No longer sharing '%s'.%n", name);
            return Main.OK;
        }
    }

    @Command(name = "shares", mixinStandardHelpOptions = true, description = "List the shared folders.")
    static final class Shares implements Callable<Integer> {
        @Mixin
        SettingsAccess home;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        record Row(String name, String folder, boolean readOnly, Map<String, String> access) {
        }

        @Override
        public Integer call() throws Exception {
            List<dev.lanshare.config.Share> shares; // not the command class Share
            SettingsException problems = null;
            try {
                shares = home.load().shares();
            } catch (SettingsException e) {
                // as status: a running service keeps the last good settings, so list what it shares now, then the
                // problems (exit 1)
                shares = home.ask(ServiceClient::shares).orElseThrow(() -> e);
                problems = e;
            }
            List<Row> rows = shares.stream().map(s -> {
                Map<String, String> access = new LinkedHashMap<>();
                s.access().forEach((who, what) -> access.put(who, what.word()));
                return new Row(s.name(), s.folder().toString(), s.readOnly(), access);
            }).toList();
            if (json) {
                System.out.println(Json.of(rows));
                if (problems != null) {
                    System.err.println("lanshare: the settings file has problems; the service keeps the shares "
                            + "above until it is mended:");
                    problems.getMessage().lines().forEach(l -> System.err.println("  " + l));
                }
                return problems == null ? Main.OK : Main.FAILED;
            }
            if (rows.isEmpty()) {
                System.out.println("Nothing is shared. Share a folder with 'lanshare share FOLDER'.");
            }
            for (Row r : rows) {
                System.out.printf("%-20s %-10s %s  (%s)%n", r.name(), r.readOnly() ? "read-only" : "read-write",
                        r.folder(), r.access().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                                .reduce((a, b) -> a + ", " + b).orElse("nobody"));
            }
            if (problems != null) {
                System.out.println("The settings file has problems; the service keeps the shares above until it is "
                        + "mended:");
                problems.getMessage().lines().forEach(l -> System.out.println("  " + l));
                return Main.FAILED;
            }
            return Main.OK;
        }
    }
}
