package dev.lanshare.service;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.nio.file.Files;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/architecture.md over the service's compiled main classes: which package may use which outside
 * library, which packages stay apart, and no package cycles. A broken rule fails with the classes and lines that
 * break it.
 */
class ArchitectureTest {
    static final String ROOT = "dev.lanshare.service";
    static final String[] MINA_SERVER = {"org.apache.sshd.server..", "org.apache.sshd.sftp.server.."};
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);

    static final ArchRule ONLY_SFTP_USES_MINA_SERVER = noClasses().that().resideOutsideOfPackage(ROOT + ".sftp..")
            .should().dependOnClassesThat().resideInAnyPackage(MINA_SERVER)
            .because("the SSH server's wiring is one package; the rest uses sharefs, keys or MINA's client");

    static final ArchRule ONLY_DISCOVERY_USES_JMDNS = noClasses().that().resideOutsideOfPackage(ROOT + ".discovery..")
            .should().dependOnClassesThat().resideInAnyPackage("javax.jmdns..", "org.xbill.DNS..");

    static final ArchRule ONLY_GATEWAY_USES_JETTY = noClasses().that().resideOutsideOfPackage(ROOT + ".gateway..")
            .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..", "org.apache.jackrabbit..")
            .allowEmptyShould(true);

    static final ArchRule ONLY_SEARCH_USES_LUCENE = noClasses().that().resideOutsideOfPackage(ROOT + ".search..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.lucene..")
            .allowEmptyShould(true);

    static final ArchRule NO_WINDOWS_IN_THE_SERVICE = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("java.awt..", "javax.swing..")
            .because("the service runs headless; windows are the tray's");

    static final ArchRule SHAREFS_SERVES_ANY_PROTOCOL = noClasses().that().resideInAPackage(ROOT + ".sharefs..")
            .should().dependOnClassesThat().resideInAnyPackage(MINA_SERVER)
            .orShould().dependOnClassesThat().resideInAnyPackage(ROOT, ROOT + ".sftp..", ROOT + ".control..",
                    ROOT + ".peer..", ROOT + ".cli..", ROOT + ".discovery..")
            .because("it turns client paths into host files for any protocol; the SFTP server and the search index "
                    + "read shares through it");

    static final ArchRule SEARCH_READS_SHARES_THROUGH_SHAREFS = noClasses().that().resideInAPackage(ROOT + ".search..")
            .should().callMethodWhere(DescribedPredicate.describe(
                    "a listing of host folders (Files.walk, walkFileTree, list, find, newDirectoryStream)",
                    (JavaMethodCall c) -> c.getTargetOwner().isEquivalentTo(Files.class)
                            && Set.of("walk", "walkFileTree", "list", "find", "newDirectoryStream")
                                    .contains(c.getName())))
            .because("what the index finds is what a client may open: sharefs/ShareTree lists shares as the "
                    + "file system serves them");

    static final ArchRule PEER_IS_A_CLIENT = noClasses().that().resideInAPackage(ROOT + ".peer..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".sftp..", ROOT + ".sharefs..",
                    ROOT + ".control..")
            .because("the tray uses the peer client and must not pull in the server");

    static final ArchRule KEYS_SERVE_BOTH_SIDES = noClasses().that().resideInAPackage(ROOT + ".keys..")
            .should().dependOnClassesThat().resideInAnyPackage(MINA_SERVER)
            .orShould().dependOnClassesThat().resideInAnyPackage(ROOT, ROOT + ".sftp..", ROOT + ".sharefs..",
                    ROOT + ".control..", ROOT + ".peer..", ROOT + ".cli..")
            .because("the server and the peer client both use keys");

    static final ArchRule EVENTS_STAND_ALONE = classes().that().resideInAPackage(ROOT + ".events..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.slf4j..", ROOT + ".events..");

    static final ArchRule NO_PACKAGE_CYCLES = slices().assignedFrom(packagesUnder(ROOT)).should().beFreeOfCycles();

    @Test
    void onlySftpUsesMinaServer() {
        ONLY_SFTP_USES_MINA_SERVER.check(MAIN);
    }

    @Test
    void onlyDiscoveryUsesJmdns() {
        ONLY_DISCOVERY_USES_JMDNS.check(MAIN);
    }

    @Test
    void onlyGatewayUsesJettyAndJackrabbit() {
        ONLY_GATEWAY_USES_JETTY.check(MAIN);
    }

    @Test
    void onlySearchUsesLucene() {
        ONLY_SEARCH_USES_LUCENE.check(MAIN);
    }

    @Test
    void noWindowsInTheService() {
        NO_WINDOWS_IN_THE_SERVICE.check(MAIN);
    }

    @Test
    void sharefsServesAnyProtocol() {
        SHAREFS_SERVES_ANY_PROTOCOL.check(MAIN);
    }

    @Test
    void searchReadsSharesThroughSharefs() {
        SEARCH_READS_SHARES_THROUGH_SHAREFS.check(MAIN);
    }

    @Test
    void peerIsAClient() {
        PEER_IS_A_CLIENT.check(MAIN);
    }

    @Test
    void keysServeBothSides() {
        KEYS_SERVE_BOTH_SIDES.check(MAIN);
    }

    @Test
    void eventsStandAlone() {
        EVENTS_STAND_ALONE.check(MAIN);
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
