package dev.lanshare.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * The settings file on disk: a YAML text a person can edit. Loading reports every problem at once and never
 * falls back to defaults; saving validates first and replaces the file atomically, owner-only.
 */
public final class SettingsFile {
    static final long MAX_SIZE = 1024 * 1024;
    private static final String HEADER = """
            # lanshare settings. You may edit this file by hand: the running service applies a valid
            # change within two seconds and keeps the last good settings when a change has problems.
            # shares[].access maps who may open the share to read or write:
            #   guests: anyone who logs in as "guest"; accounts: every account below; or an account name.
            # peers: colleagues' machines on other subnets, added with 'lanshare peers add HOST[:PORT]'.
            """;

    private SettingsFile() {
    }

    public static boolean exists(Path file) {
        return Files.exists(file);
    }

    /** Loads and validates; share folders come back canonical ({@code toRealPath}). */
    public static Settings load(Path file) throws SettingsException, IOException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_SIZE) {
                throw new SettingsException(file, List.of(new Problem(0, "the file is larger than 1 MiB; "
                        + "this is not a lanshare settings file")));
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SettingsException(file, List.of(new Problem(0, "the file does not exist; run "
                    + "'lanshare serve' once to create it")));
        }
        return parse(file, decode(file, bytes));
    }

    /** Parses and validates {@code text}; {@code file} only names the source in problems. */
    public static Settings parse(Path file, String text) throws SettingsException {
        SettingsReader.Result read = SettingsReader.read(text);
        List<Problem> problems = new ArrayList<>(read.problems());
        if (read.settings() != null) {
            problems.addAll(SettingsValidator.validate(read.settings(), read.lines(), own(file)));
        }
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparingInt(Problem::line));
            throw new SettingsException(file, problems);
        }
        return read.settings().mapShares(SettingsFile::canonical);
    }

    /**
     * lanshare's own folders for the settings in {@code file}: the platform's (or {@code LANSHARE_HOME}'s) when it is
     * their settings file, else those of a {@code --home} folder holding it.
     */
    static AppDirs own(Path file) {
        Path folder = file.toAbsolutePath().normalize().getParent();
        AppDirs usual = AppDirs.resolve(java.util.Optional.empty());
        return folder.equals(usual.config().toAbsolutePath().normalize()) ? usual : AppDirs.under(folder);
    }

    /** Validates, then writes atomically (temporary file, fsync, rename), readable by the owner only. */
    public static void save(Path file, Settings settings) throws SettingsException, IOException {
        List<Problem> problems = SettingsValidator.validate(settings, Map.of(), own(file));
        if (!problems.isEmpty()) {
            throw new SettingsException(file, problems);
        }
        AtomicFiles.write(file, format(settings).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads, changes and saves the file under an exclusive lock, so that two commands editing at once do not
     * lose each other's change.
     */
    public static Settings update(Path file, UnaryOperator<Settings> change) throws SettingsException, IOException {
        AtomicFiles.createPrivateDirectories(file.toAbsolutePath().getParent());
        Path lockFile = file.resolveSibling("." + file.getFileName() + ".lock");
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            Settings next = change.apply(load(file));
            save(file, next);
            return next;
        }
    }

    /** The text {@link #save} writes. */
    public static String format(Settings s) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("version", Settings.FORMAT_VERSION);
        top.put("name", s.name());
        top.put("port", s.port());
        top.put("gateway-port", s.gatewayPort());
        top.put("chacha20", s.chacha20());
        top.put("partial-upload-hours", s.partialUploadHours());
        top.put("network", Map.of("allow", s.network().allow()));
        List<Object> shares = new ArrayList<>();
        for (Share share : s.shares()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", share.name());
            m.put("folder", share.folder().toString());
            m.put("read-only", share.readOnly());
            Map<String, Object> access = new LinkedHashMap<>();
            share.access().forEach((who, what) -> access.put(who, what.word()));
            m.put("access", access);
            shares.add(m);
        }
        top.put("shares", shares);
        List<Object> accounts = new ArrayList<>();
        for (Account a : s.accounts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", a.name());
            a.passwordHash().ifPresent(h -> m.put("password", h));
            m.put("keys", a.keys());
            accounts.add(m);
        }
        top.put("accounts", accounts);
        if (!s.peers().isEmpty()) {
            top.put("peers", s.peers().stream().map(p -> Map.of("address", p.address(), "fingerprint",
                    p.fingerprint())).toList());
        }
        DumpSettings dump = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2)
                .setIndicatorIndent(2).setIndentWithIndicator(true).setWidth(4096).build();
        return HEADER + new Dump(dump).dumpToString(top);
    }

    private static String decode(Path file, byte[] bytes) throws SettingsException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SettingsException(file, List.of(new Problem(0, "the file is not UTF-8 text")));
        }
    }

    private static Share canonical(Share share) {
        try {
            return share.withFolder(share.folder().toRealPath());
        } catch (IOException e) {
            return share; // validation just found it; a race with a deletion is caught when it is served
        }
    }
}
