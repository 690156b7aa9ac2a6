package dev.lanshare.installer;

import static dev.lanshare.installer.Commands.TARGET;
import static dev.lanshare.installer.Commands.mb;
import static dev.lanshare.installer.Commands.seconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.installer.Commands.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packages the build made: their layout and metadata, lintian's verdict, the .rpm against the .deb. */
class PackageIT {
    static Path deb;

    @BeforeAll
    static void findPackage() {
        deb = Commands.deb();
        System.out.printf("package: %s, %s; app image %s, of which the runtime %s%n", deb.getFileName(),
                mb(deb.toFile().length()), mb(Commands.du(TARGET.resolve("app/lanshare"))),
                mb(Commands.du(TARGET.resolve("app/lanshare/lib/runtime"))));
    }

    /** dpkg-deb -c: paths (directories end in /, links without their target). */
    static List<String> debPaths() {
        Result contents = Commands.run("dpkg-deb", "-c", deb.toString()).ok("dpkg-deb -c");
        return contents.out().lines().map(l -> l.substring(l.indexOf("./") + 1))
                .map(p -> p.contains(" -> ") ? p.substring(0, p.indexOf(" -> ")) : p).toList();
    }

    @Test
    void layoutStaysInOptUsrAndEtc() {
        Result contents = Commands.run("dpkg-deb", "-c", deb.toString()).ok("dpkg-deb -c");
        List<String> paths = contents.out().lines().map(l -> l.substring(l.indexOf("./"))).toList();
        for (String p : paths) {
            assertTrue(p.equals("./") || p.startsWith("./opt/") || p.startsWith("./usr/") || p.startsWith("./etc/"), p);
        }
        for (String expected : List.of("./opt/lanshare/bin/lanshare", "./opt/lanshare/lib/runtime/bin/java",
                "./opt/lanshare/lib/cds/serve.classes", "./opt/lanshare/lib/cds/cli.classes",
                "./usr/lib/systemd/user/lanshare.service", "./usr/share/man/man1/lanshare.1.gz",
                "./usr/share/icons/hicolor/256x256/apps/lanshare.png", "./usr/share/doc/lanshare/copyright",
                "./usr/share/doc/lanshare/changelog.gz", "./usr/share/lintian/overrides/lanshare")) {
            assertTrue(paths.stream().anyMatch(p -> p.startsWith(expected)), "has " + expected);
        }
        // the command, which starts the runtime's java itself; of the runtime's commands only java is left
        assertTrue(paths.contains("./usr/bin/lanshare"), "the command, a file of its own: " + paths);
        assertEquals(List.of("./opt/lanshare/lib/runtime/bin/java"), paths.stream()
                .filter(p -> p.startsWith("./opt/lanshare/lib/runtime/bin/") && !p.endsWith("/")).toList());
        Result info = Commands.run("dpkg-deb", "-I", deb.toString()).ok("dpkg-deb -I");
        String control = info.out();
        assertTrue(control.contains("Package: lanshare") && control.contains("Recommends: gvfs-backends"), control);
        // Depends from dpkg-shlibdeps: the runtime's AWT needs X11 libraries, the launchers libstdc++
        for (String lib : List.of("libc6 (>=", "libstdc++6", "libx11-6", "libfreetype6", "zlib1g", "init-system-helpers")) {
            assertTrue(control.lines().anyMatch(l -> l.startsWith(" Depends:") && l.contains(lib)), lib + "\n" + control);
        }
        assertTrue(control.contains(" md5sums"), "md5sums, for dpkg --verify and debsums");
        if (paths.stream().anyMatch(p -> p.startsWith("./opt/lanshare/bin/lanshare-tray"))) {
            assertTrue(paths.contains("./etc/xdg/autostart/lanshare-tray.desktop"), "tray starts at login");
            assertTrue(paths.contains("./usr/share/applications/lanshare-tray.desktop"), "menu entry");
            String conffiles = Commands.run("dpkg-deb", "-I", deb.toString(), "conffiles").ok("conffiles").out();
            assertEquals("/etc/xdg/autostart/lanshare-tray.desktop", conffiles.strip());
        }
    }

    @Test
    void theUnitNeverRunsAsRootOrASystemUserAndLeavesTheJitAlone() throws Exception {
        String text = Files.readString(Commands.SRC.resolve("linux/lanshare.service"));
        assertTrue(text.contains("ConditionUser=!root") && text.contains("ConditionUser=!@system")
                && text.contains("RestartPreventExitStatus=78"), text);
        assertTrue(text.lines().noneMatch(l -> l.startsWith("MemoryDenyWriteExecute")),
                "the JIT needs writable, executable memory");
        // systemd-analyze verify runs on the installed unit, in InstallIT
    }

    /**
     * lintian finds no error, and no warning that installer/README.md does not explain (its section "What lintian
     * says"); every override in the package is used.
     */
    @Test
    void lintianHasNothingUnexplained() throws Exception {
        Commands.require("lintian", "lintian");
        long start = System.nanoTime();
        Result r = Commands.run(List.of("lintian", "--no-cfg", "--display-info", "--tag-display-limit", "0", deb.toString()),
                Duration.ofMinutes(10), null);
        System.out.printf("lintian (%s):%n%s%n", seconds(System.nanoTime() - start), r.out().strip());
        // 2: lintian itself failed, and an empty report would pass the checks below
        assertTrue(r.exit() != 2, "lintian did not run through:\n" + r.out());
        Matcher m = Pattern.compile("(?m)^([EWI]): lanshare(?: [a-z]+)?: (\\S+)").matcher(r.out());
        Set<String> errors = new TreeSet<>();
        Set<String> warnings = new TreeSet<>();
        Set<String> overrideProblems = new TreeSet<>();
        while (m.find()) {
            switch (m.group(1)) {
                case "E" -> errors.add(m.group(2));
                case "W" -> warnings.add(m.group(2));
                default -> {
                    if (m.group(2).contains("override")) {
                        overrideProblems.add(m.group(2));
                    }
                }
            }
        }
        Set<String> explained = explainedLintianTags();
        assertTrue(errors.isEmpty(), "lintian errors: " + errors);
        Set<String> unexplained = warnings.stream().filter(t -> !explained.contains(t))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(unexplained.isEmpty(), "lintian warnings not explained in installer/README.md: " + unexplained);
        assertTrue(overrideProblems.isEmpty(), "overrides that match nothing: " + overrideProblems);
        // and no override without its explanation
        for (String line : Files.readAllLines(Commands.SRC.resolve("linux/lintian-overrides"))) {
            if (line.startsWith("lanshare: ")) {
                String tag = line.split("\\s+")[1];
                assertTrue(explained.contains(tag), "override of " + tag + " not explained in installer/README.md");
            }
        }
    }

    /** The tags named in the README's lintian section: `tag-name` in the first column of its table. */
    static Set<String> explainedLintianTags() throws Exception {
        Path readme = Path.of(System.getProperty("lanshare.readme", "README.md"));
        String text = Files.readString(readme);
        int from = text.indexOf("## What lintian says");
        assertTrue(from >= 0, "installer/README.md has a section '## What lintian says'");
        int to = text.indexOf("\n## ", from + 1);
        Matcher m = Pattern.compile("(?m)^\\| `([a-z0-9+.-]+)`").matcher(text.substring(from, to < 0 ? text.length() : to));
        Set<String> tags = new TreeSet<>();
        while (m.find()) {
            tags.add(m.group(1));
        }
        return tags;
    }

    @Test
    void theRpmHasTheSameFilesAndScripts() {
        Path rpm = Commands.findPackage(TARGET, ".rpm");
        Commands.require("rpmbuild", "rpm");
        assertTrue(rpm != null, "no .rpm was built in " + TARGET);
        Set<String> rpmFiles = new TreeSet<>(Commands.run("rpm", "-qlp", rpm.toString()).ok("rpm -qlp").out().lines()
                .toList());
        Set<String> debFiles = debPaths().stream().filter(p -> !p.endsWith("/")).collect(Collectors.toCollection(
                TreeSet::new));
        Set<String> debDirs = debPaths().stream().filter(p -> p.endsWith("/") && p.startsWith("/opt/lanshare"))
                .map(p -> p.substring(0, p.length() - 1)).collect(Collectors.toCollection(TreeSet::new));
        Set<String> onlyRpm = new TreeSet<>(rpmFiles);
        onlyRpm.removeAll(debFiles);
        onlyRpm.removeAll(debDirs);
        Set<String> onlyDeb = new TreeSet<>(debFiles);
        onlyDeb.removeAll(rpmFiles);
        assertTrue(onlyDeb.isEmpty(), "in the .deb only: " + onlyDeb);
        assertTrue(onlyRpm.isEmpty(), "in the .rpm only: " + onlyRpm);
        // what rpm found the runtime needs from the system, and nothing of the runtime's own
        String requires = Commands.run("rpm", "-qp", "--requires", rpm.toString()).ok("--requires").out();
        assertTrue(requires.contains("libX11.so.6") && requires.contains("libc.so.6"), requires);
        assertTrue(!requires.contains("libjvm.so") && !requires.contains("libjava.so"), requires);
        String provides = Commands.run("rpm", "-qp", "--provides", rpm.toString()).ok("--provides").out();
        assertTrue(!provides.contains(".so"), "offers none of the runtime's libraries:\n" + provides);
        String scripts = Commands.run("rpm", "-qp", "--scripts", rpm.toString()).ok("--scripts").out();
        assertEquals(3, scripts.split("in_user_managers\\(\\) \\{").length - 1, "each scriptlet has the function:\n"
                + scripts);
        assertEquals(2, scripts.split("make_class_data\\(\\) \\{").length - 1, "%post and %postun have the"
                + " class-data functions:\n" + scripts);
        System.out.printf("rpm: %s, %s, the same %d files as the .deb%n", rpm.getFileName(), mb(rpm.toFile().length()),
                debFiles.size());
    }
}
