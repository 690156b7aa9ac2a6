package dev.lanshare.tray;

import static dev.lanshare.tray.LiveService.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.Share;
import dev.lanshare.config.Access;
import dev.lanshare.service.control.Protocol.AccountInfo;
import dev.lanshare.tray.model.TrayState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The controller against a real service: no display needed. */
class TrayControllerTest {
    @TempDir
    Path tmp;

    @Test
    void saysNotRunningThenFollowsTheServiceAsItComesGoesAndComesBack() throws Exception {
        try (LiveService service = LiveService.in(tmp); TrayController tray = new TrayController(service.dirs(), 100)) {
            tray.start();
            await("not running", tray::state, s -> !s.running());
            service.start();
            TrayState up = await("running", tray::state, TrayState::running);
            assertEquals("Test Office PC", up.name());
            assertFalse(up.fingerprint().isEmpty());
            assertEquals(List.of("ann"), up.accounts().stream().map(AccountInfo::name).toList());
            service.stop();
            await("not running after stop", tray::state, s -> !s.running());
            service.start();
            await("running again", tray::state, TrayState::running);
        }
    }

    /** "Could not …: lanshare is not running" goes when the service comes back: it is not true any more. */
    @Test
    void aChangeRefusedWhileTheServiceWasDownIsNotShownOnceItIsBack() throws Exception {
        try (LiveService service = LiveService.in(tmp).start();
                TrayController tray = new TrayController(service.dirs(), 100)) {
            tray.start();
            await("running", tray::state, TrayState::running);
            service.stop();
            await("not running", tray::state, s -> !s.running());
            tray.setName("Ann's PC").get(10, TimeUnit.SECONDS);
            assertEquals("Could not rename this machine: lanshare is not running", tray.state().problem());
            service.start();
            TrayState back = await("running again, with nothing said to be wrong", tray::state,
                    s -> s.running() && s.problem().isEmpty());
            assertEquals("lanshare: nothing shared", back.summary());
        }
    }

    @Test
    void untickingRemembersTheFolderAndTickingSharesItAgain() throws Exception {
        Path plans = Files.createDirectories(tmp.resolve("Plans")).toRealPath();
        try (LiveService service = LiveService.in(tmp).start();
                TrayController tray = new TrayController(service.dirs(), 100)) {
            tray.start();
            Share share = new Share("Plans", plans, false, Map.of("accounts", Access.WRITE));
            tray.saveShare(share, true).get(10, TimeUnit.SECONDS);
            assertEquals(List.of("Plans"), service.shareNames());
            tray.setShared("Plans", false).get(10, TimeUnit.SECONDS);
            assertEquals(List.of(), service.shareNames());
            assertEquals(List.of(share), await("remembered", tray::state, s -> !s.remembered().isEmpty()).remembered());
            tray.setShared("Plans", true).get(10, TimeUnit.SECONDS);
            assertEquals(List.of("Plans"), service.shareNames());
            TrayState s = await("shared again", tray::state, st -> st.remembered().isEmpty());
            assertEquals(List.of(share), s.shares());
        }
    }

    @Test
    void aRefusedChangeIsShownInWords() throws Exception {
        try (LiveService service = LiveService.in(tmp).start();
                TrayController tray = new TrayController(service.dirs(), 100)) {
            tray.start();
            Share missing = new Share("Gone", tmp.resolve("nowhere"), true, Map.of());
            tray.saveShare(missing, true).get(10, TimeUnit.SECONDS);
            String problem = await("a problem", tray::state, st -> !st.problem().isEmpty()).problem();
            assertTrue(problem.startsWith("Could not save Gone: "), problem);
        }
    }
}
