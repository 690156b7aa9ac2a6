package dev.lanshare.tray.swing;

import java.awt.Component;
import java.awt.Container;
import java.awt.Point;
import java.awt.Robot;
import java.awt.event.InputEvent;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.SwingUtilities;

/** Running test code on the Swing thread, finding components, and clicking them as a person would. */
final class Edt {
    private Edt() {
    }

    static <T> T call(Callable<T> work) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> {
            try {
                result.set(work.call());
            } catch (Exception e) {
                failure.set(e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    static void run(Runnable work) throws Exception {
        SwingUtilities.invokeAndWait(work);
    }

    /** The component named {@code name} below {@code root}; on the Swing thread. */
    static Optional<Component> find(Container root, String name) {
        for (Component c : root.getComponents()) {
            if (name.equals(c.getName())) {
                return Optional.of(c);
            }
            if (c instanceof Container inner) {
                Optional<Component> found = find(inner, name);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** A real mouse click at {@code at} on the screen, through the X server. */
    static void click(Point at) throws Exception {
        clicks(at, 1);
    }

    /** A real double click at {@code at}, as a person opens a row. */
    static void doubleClick(Point at) throws Exception {
        clicks(at, 2);
    }

    private static void clicks(Point at, int count) throws Exception {
        Robot robot = new Robot();
        robot.setAutoDelay(30);
        robot.mouseMove(at.x, at.y);
        for (int i = 0; i < count; i++) {
            robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
            robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        }
        robot.waitForIdle();
    }

    /** Lets pending layout and painting finish before a screenshot. */
    static void settle() throws Exception {
        new Robot().waitForIdle();
        Thread.sleep(300);
        new Robot().waitForIdle();
    }
}
