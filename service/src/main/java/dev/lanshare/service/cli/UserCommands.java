package dev.lanshare.service.cli;

import dev.lanshare.config.Account;
import dev.lanshare.config.PasswordHash;
import dev.lanshare.config.SettingsValidator;
import dev.lanshare.service.control.ControlException;
import dev.lanshare.service.keys.KeyLineException;
import dev.lanshare.service.keys.PublicKeyLine;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lanshare user add|remove|list} and {@code lanshare passwd}. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage the accounts colleagues log in with.",
        subcommands = {UserCommands.Add.class, UserCommands.Remove.class, UserCommands.ListUsers.class,
                UserCommands.AddKey.class, UserCommands.RemoveKey.class})
final class UserCommands {
    static final class PasswordSource {
        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean stdin;

        /** The new password: from stdin, else asked twice on the terminal. */
        char[] read(String account) throws Exception {
            if (stdin) {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                String line = in.readLine();
                if (line == null || line.isEmpty()) {
                    throw new UserError("no password on standard input");
                }
                return line.toCharArray();
            }
            Console console = System.console();
            if (console == null) {
                throw new UserError("no terminal to ask for a password; use --password-stdin");
            }
            char[] first = console.readPassword("New password for %s: ", account);
            char[] again = console.readPassword("Again: ");
            if (first == null || first.length == 0 || !Arrays.equals(first, again)) {
                throw new UserError("the passwords were empty or did not match; nothing changed");
            }
            return first;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add an account, with a password, a public key, or both.")
    static final class Add implements Callable<Integer> {
        @Mixin
        SettingsAccess home;

        @Mixin
        PasswordSource password;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--key", paramLabel = "FILE", description = "A public key file (like ~/.ssh/id_ed25519.pub).")
        Path key;

        @Override
        public Integer call() throws Exception {
            String problem = SettingsValidator.accountNameProblem(name);
            if (problem != null) {
                throw new UserError(problem);
            }
            if (home.load().account(name).isPresent()) {
                throw new UserError("account '" + name + "' exists; change its password with 'lanshare passwd "
                        + name + "'");
            }
            List<String> keys = key == null ? new ArrayList<>() : keyLines(key);
            Optional<String> hash = Optional.empty();
            if (key == null || password.stdin) {
                hash = Optional.of(PasswordHash.hash(password.read(name)));
            }
            Account account = new Account(name, hash, keys);
            home.addAccount(account);
            System.out.printf("Added account '%s'%s%s.%n", name, hash.isPresent() ? " with a password" : "",
                    keys.isEmpty() ? "" : " with " + keys.size() + " key(s)");
            return Main.OK;
        }
    }

    /** The key lines of a .pub or authorized_keys file, each checked with the parser logins use. */
    static List<String> keyLines(Path file) throws Exception {
        return keys(file).stream().map(PublicKeyLine::line).collect(java.util.stream.Collectors.toList());
    }

    /**
     * The keys of a .pub or authorized_keys file, each read with the parser logins use; also the SSH2 blocks that
     * PuTTYgen and {@code ssh-keygen -e} write, and a file Notepad saved (as the tray's "Add key…" takes them).
     */
    static List<PublicKeyLine> keys(Path file) throws Exception {
        List<PublicKeyLine> keys;
        try {
            keys = PublicKeyLine.allIn(Files.readString(file));
        } catch (KeyLineException e) {
            throw new UserError(file + ": " + e.getMessage());
        } catch (java.nio.charset.MalformedInputException e) {
            throw new UserError(file + " is not a text file of public keys");
        }
        if (keys.isEmpty()) {
            throw new UserError(file + " holds no public key");
        }
        return keys;
    }

    @Command(name = "add-key", mixinStandardHelpOptions = true,
            description = "Let an existing account log in with a public key too (like ~/.ssh/id_ed25519.pub).")
    static final class AddKey implements Callable<Integer> {
        @Mixin
        SettingsAccess home;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "FILE", description = "The public key file (.pub).")
        Path key;

        @Override
        public Integer call() throws Exception {
            List<PublicKeyLine> keys = keys(key);
            for (PublicKeyLine line : keys) {
                home.addKey(name, line);
            }
            System.out.printf("Added %d key(s) to '%s'.%n", keys.size(), name);
            return Main.OK;
        }
    }

    @Command(name = "remove-key", mixinStandardHelpOptions = true,
            description = "Stop an account logging in with a key, named by its SHA256: fingerprint (see 'lanshare "
                    + "user list') or its .pub file.")
    static final class RemoveKey implements Callable<Integer> {
        @Mixin
        SettingsAccess home;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "KEY", description = "SHA256:... or a .pub file.")
        String key;

        @Override
        public Integer call() throws Exception {
            // a fingerprint is no path (on Windows, "SHA256:..." is not even a valid one)
            boolean fingerprint = key.startsWith("SHA256:");
            String which = !fingerprint && Files.isRegularFile(Path.of(key)) ? keyLines(Path.of(key)).get(0) : key;
            home.removeKey(name, which);
            System.out.printf("Removed the key from '%s'.%n", name);
            return Main.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove an account and its access to every share.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        SettingsAccess home;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            if (home.load().account(name).isEmpty()) {
                throw new UserError("no account named '" + name + "'");
            }
            home.removeAccount(name);
            System.out.printf("Removed account '%s'.%n", name);
            return Main.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the accounts.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        SettingsAccess home;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        record Row(String name, boolean password, int keys, List<String> fingerprints) {
        }

        @Override
        public Integer call() throws Exception {
            List<Row> rows = home.load().accounts().stream().map(a -> new Row(a.name(), a.passwordHash().isPresent(),
                    a.keys().size(), a.keys().stream().map(ListUsers::describe).toList())).toList();
            if (json) {
                System.out.println(Json.of(rows));
                return Main.OK;
            }
            for (Row r : rows) {
                System.out.printf("%-20s %s%n", r.name(), (r.password() ? "password" : "no password")
                        + (r.keys() > 0 ? ", " + r.keys() + " key(s)" : ""));
                r.fingerprints().forEach(f -> System.out.printf("%-20s   key %s%n", "", f));
            }
            return Main.OK;
        }

        /** {@code SHA256:... (ssh-ed25519, ben@laptop)}: what 'remove-key' takes, and what the key is. */
        static String describe(String line) {
            try {
                PublicKeyLine k = PublicKeyLine.parse(line);
                return k.fingerprint() + " (" + k.type() + (k.comment().isEmpty() ? "" : ", " + k.comment()) + ")";
            } catch (KeyLineException e) {
                return "unreadable: " + e.getMessage();
            }
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set an account's password.")
    static final class Passwd implements Callable<Integer> {
        @Mixin
        SettingsAccess home;

        @Mixin
        PasswordSource password;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            if (home.load().account(name).isEmpty()) {
                throw new UserError("no account named '" + name + "'; add it with 'lanshare user add'");
            }
            String hash = PasswordHash.hash(password.read(name));
            home.setPasswordHash(name, hash);
            System.out.printf("Password of '%s' changed.%n", name);
            return Main.OK;
        }
    }
}
