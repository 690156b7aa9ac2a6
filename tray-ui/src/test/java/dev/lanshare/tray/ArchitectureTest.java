package dev.lanshare.tray;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The tray's rules of docs/architecture.md over its compiled main classes: only the renderers draw, the two
 * renderers stay apart, the tray reaches the service only through its clients, and no package cycles.
 */
class ArchitectureTest {
    static final String ROOT = "dev.lanshare.tray";
    static final String SERVICE = "dev.lanshare.service";
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);

    static final ArchRule ONLY_RENDERERS_DRAW = noClasses().that()
            .resideOutsideOfPackages(ROOT + ".swing..", ROOT + ".sni..", ROOT + ".icons..")
            .should().dependOnClassesThat().resideInAnyPackage("java.awt..", "javax.swing..")
            .because("the tray's state, menu and composition are plain Java that any renderer shows");

    static final ArchRule ONLY_SNI_USES_DBUS = noClasses().that()
            .resideOutsideOfPackages(ROOT + ".sni..", ROOT + ".app..")
            .should().dependOnClassesThat().resideInAnyPackage("org.freedesktop..")
            .because("tray.app opens the session bus to choose the backend; sni alone talks on it");

    static final ArchRule SWING_WITHOUT_SNI = noClasses().that().resideInAPackage(ROOT + ".swing..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".sni..")
            .because("the backend is chosen in tray.app, which alone knows both renderers");

    static final ArchRule SNI_WITHOUT_SWING = noClasses().that().resideInAPackage(ROOT + ".sni..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".swing..")
            .because("the backend is chosen in tray.app, which alone knows both renderers");

    static final ArchRule ONLY_THE_CLIENTS_OF_THE_SERVICE = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage(SERVICE, SERVICE + ".sftp..", SERVICE + ".sharefs..", SERVICE + ".discovery..",
                    SERVICE + ".auth..", SERVICE + ".cli..", "org.apache.sshd.server..",
                    "org.apache.sshd.sftp.server..", "javax.jmdns..")
            .because("the tray talks to the service over the control channel and to peers through the peer client");

    static final ArchRule NO_PACKAGE_CYCLES = slices().assignedFrom(packagesUnder(ROOT)).should().beFreeOfCycles();

    @Test
    void onlyRenderersDraw() {
        ONLY_RENDERERS_DRAW.check(MAIN);
    }

    @Test
    void onlySniAndTheBackendChoiceUseDbus() {
        ONLY_SNI_USES_DBUS.check(MAIN);
    }

    @Test
    void renderersApart() {
        SWING_WITHOUT_SNI.check(MAIN);
        SNI_WITHOUT_SWING.check(MAIN);
    }

    @Test
    void onlyTheClientsOfTheService() {
        ONLY_THE_CLIENTS_OF_THE_SERVICE.check(MAIN);
    }

    @Test
    void noPackageCycles() {
        NO_PACKAGE_CYCLES.check(MAIN);
    }

    /** One slice per package right under {@code root}, and one for {@code root} itself (which a pattern misses). */
    static SliceAssignment packagesUnder(String root) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String p = c.getPackageName();
                if (p.equals(root)) {
                    return SliceIdentifier.of("(" + root + ")");
                }
                return p.startsWith(root + ".") ? SliceIdentifier.of(p.substring(root.length() + 1).split("\\.")[0])
                        : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the packages of " + root;
            }
        };
    }
}
