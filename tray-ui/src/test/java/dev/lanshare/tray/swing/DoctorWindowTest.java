package dev.lanshare.tray.swing;

import static dev.lanshare.tray.LiveService.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.control.Protocol.Finding;
import dev.lanshare.service.control.ServiceClient;
import dev.lanshare.tray.LiveService;
import dev.lanshare.tray.ServiceStarter;
import dev.lanshare.tray.TrayController;
import dev.lanshare.tray.app.BackendChooser;
import dev.lanshare.tray.app.TrayApp;
import dev.lanshare.tray.model.Action;
import java.awt.Window;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.swing.JEditorPane;
import javax.swing.JFrame;
import javax.swing.JTextField;
import javax.swing.text.JTextComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Can't see someone?" in the Colleagues menu opens the doctor's window: the findings the running service's doctor
 * gives ({@code lanshare doctor}), each with why and what to do; a colleague's name adds that machine's checks; a
 * stopped service is said in words. A real service, under Xvfb.
 */
@ExtendWith(OnScreen.class)
class DoctorWindowTest {
    @TempDir
    Path tmp;

    @Test
    void showsTheDoctorsFindingsWithWhyAndWhatToDo() throws Exception {
        LiveService service = LiveService.in(tmp).start();
        try (TrayController controller = new TrayController(service.dirs(), 100)) {
            TrayApp ui = new TrayApp(controller, ServiceStarter.of(null, tmp), () -> { });
            ui.start(BackendChooser.open(BackendChooser.Kind.WINDOW, null, ui.actions()));
            controller.start();
            await("the tray's state", controller::state, s -> s.running());

            ui.actions().accept(new Action.Diagnose()); // what the menu entry does
            JFrame window = await("the doctor's window", () -> showing("Can't see someone?"), w -> w != null);
            JTextComponent status = (JTextComponent) Edt.call(() -> Edt.find(window, "status").orElseThrow());
            JEditorPane report = (JEditorPane) Edt.call(() -> Edt.find(window, "report").orElseThrow());
            String summary = await("the findings", () -> Edt.call(status::getText),
                    t -> t.endsWith("found."));

            List<Finding> expected;
            try (ServiceClient direct = ServiceClient.connect(service.dirs()).orElseThrow()) {
                expected = direct.doctor(null);
            }
            assertFalse(expected.isEmpty());
            String text = Edt.call(() -> report.getDocument().getText(0, report.getDocument().getLength()));
            for (Finding f : expected) {
                assertTrue(text.contains(f.found().substring(0, Math.min(40, f.found().length()))),
                        f.found() + " in\n" + text);
                if (!f.action().isEmpty()) {
                    assertTrue(text.contains("What to do: " + f.action().substring(0,
                            Math.min(30, f.action().length()))), f.action() + " in\n" + text);
                }
            }
            assertEquals(DoctorWindow.summary(expected), summary);
            Edt.settle();
            Xvfb.screenshot(Edt.call(window::getBounds), "doctor-window");

            // a colleague by a name nobody has: that machine's check says so, with what to do
            JTextField colleague = (JTextField) Edt.call(() -> Edt.find(window, "colleague").orElseThrow());
            Edt.run(() -> {
                colleague.setText("nobody-here.invalid");
                status.setText(" ");
                colleague.postActionEvent(); // Enter
            });
            await("the colleague's finding", () -> Edt.call(() -> report.getDocument().getText(0,
                    report.getDocument().getLength())), t -> t.contains("'nobody-here.invalid' is no colleague"));
            String withPeer = Edt.call(() -> report.getDocument().getText(0, report.getDocument().getLength()));
            assertTrue(withPeer.contains("Problem") && withPeer.contains("Why: the name is not on the list")
                    && withPeer.contains("What to do: check the spelling"), withPeer);
            assertTrue(await("the summary", () -> Edt.call(status::getText), t -> t.endsWith("found."))
                    .contains("problem"));

            service.stop();
            Edt.run(() -> colleague.postActionEvent());
            await("a stopped service said in words", () -> Edt.call(status::getText),
                    t -> t.startsWith("Could not ask the lanshare service: "));
            ui.actions().accept(new Action.Quit());
            Edt.settle();
        }
    }

    private static JFrame showing(String title) throws Exception {
        return Edt.call(() -> Arrays.stream(Window.getWindows())
                .filter(w -> w instanceof JFrame f && w.isShowing() && title.equals(f.getTitle()))
                .map(JFrame.class::cast).findFirst().orElse(null));
    }
}
