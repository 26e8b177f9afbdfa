package org.rnnexplorer.ui;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextArea;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnnexplorer.ui.weights.WeightsFileHandler;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Help ▸ Keyboard shortcuts and Help ▸ Glossary: each dialog shows its whole text, not its first line. */
@Tag("ui")
class HelpDialogsUiTest extends ExplorerWindowFixture {

    /** Wider than this, a dialog's lines run off a 1024-pixel screen with the window's own margins. */
    static final double MAX_READABLE_WIDTH = 800;

    @Override
    WeightsFileHandler files() {
        return ExplorerWindowUiTest.REJECTING;
    }

    @Test
    void theGlossaryDialogShowsEveryTermAndRoomForManyLines(FxRobot robot) throws Exception {
        showsItsWholeText(robot, "Glossary", HelpTexts.glossary());
    }

    @Test
    void theShortcutsDialogShowsEveryShortcutAndRoomForManyLines(FxRobot robot) throws Exception {
        String text = WaitForAsyncUtils.asyncFx(() -> HelpTexts.shortcuts(explorer.mainView().menuShortcuts()))
                .get(10, TimeUnit.SECONDS);
        showsItsWholeText(robot, "Keyboard shortcuts", text);
    }

    /**
     * Opens the Help menu's item {@code title} and checks its dialog: the node showing the text holds all of it,
     * and the dialog lays it out at least ten lines tall (or as tall as the text, if shorter), so that a reader sees
     * many lines at once and scrolls to the rest.
     */
    private void showsItsWholeText(FxRobot robot, String title, String text) throws Exception {
        robot.interact(() -> helpItem(title).fire());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dialog(robot, title) != null);
        WaitForAsyncUtils.waitForFxEvents();
        Stage shown = dialog(robot, title);
        DialogPane pane = (DialogPane) shown.getScene().getRoot();
        List<String> problems = new ArrayList<>();
        robot.interact(() -> {
            Node content = pane.getContent();
            Node textNode = textNode(content);
            if (textNode == null) {
                problems.add("no node in the dialog holds the text; content is " + content);
                return;
            }
            String held = textNode instanceof TextArea area ? area.getText() : ((Labeled) textNode).getText();
            if (!text.equals(held)) problems.add("holds \"" + held + "\", not the whole text");
            if (textNode instanceof Labeled labeled) {
                // A label draws its text in a Text child, cut with "…" when it does not fit.
                for (Node child : labeled.getChildrenUnmodifiable()) {
                    if (child instanceof Text drawn && !drawn.getText().strip().equals(text.strip())) {
                        problems.add("drawn as \"" + drawn.getText() + "\"");
                    }
                }
            }
            double shownWidth = content.getLayoutBounds().getWidth();
            if (shownWidth > MAX_READABLE_WIDTH) {
                problems.add("the text is laid out " + shownWidth + " px wide, more than " + MAX_READABLE_WIDTH
                        + ": its lines run off a small screen instead of wrapping");
            }
            Font font = textNode instanceof TextArea area ? area.getFont() : ((Labeled) textNode).getFont();
            Text probe = new Text("Ag");
            probe.setFont(font);
            double line = probe.getLayoutBounds().getHeight();
            long lines = text.lines().count();
            double needed = Math.min(lines, 10) * line;
            double shownHeight = content.getLayoutBounds().getHeight();
            if (shownHeight < needed) {
                problems.add("the text has " + lines + " lines of " + line + " px; the dialog shows it " + shownHeight
                        + " px tall, less than " + needed);
            }
        });
        assertTrue(problems.isEmpty(), title + ": " + String.join("; ", problems));
        robot.interact(shown::close);
        assertEquals(false, shown.isShowing());
    }

    private MenuItem helpItem(String title) {
        MenuBar bar = (MenuBar) stage.getScene().getRoot().lookup(".menu-bar");
        for (Menu menu : bar.getMenus()) {
            for (MenuItem item : menu.getItems()) {
                if (item.getText() != null && item.getText().startsWith(title)) return item;
            }
        }
        throw new AssertionError("no menu item " + title);
    }

    private Stage dialog(FxRobot robot, String title) {
        for (Window w : robot.listWindows()) {
            if (w != stage && w instanceof Stage s && title.equals(s.getTitle()) && s.isShowing()) return s;
        }
        return null;
    }

    /** The text area or label under root with the most text. */
    private static Node textNode(Node root) {
        Node best = null;
        int most = -1;
        ArrayDeque<Node> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (n instanceof Parent p) todo.addAll(p.getChildrenUnmodifiable());
            String t = n instanceof TextArea a ? a.getText() : n instanceof Labeled l ? l.getText() : null;
            if (t != null && t.length() > most) {
                best = n;
                most = t.length();
            }
        }
        return best;
    }
}
