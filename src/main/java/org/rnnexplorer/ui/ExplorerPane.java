package org.rnnexplorer.ui;

import javafx.scene.Parent;
import org.rnnexplorer.ui.chart.ExportableChart;
import org.rnnexplorer.ui.state.PaneId;

import java.util.List;
import java.util.function.Supplier;

/**
 * One tab of the main window. The window knows panes only through this; {@link ExplorerPanes} lists them in order.
 *
 * @param id      which pane it is: what the window navigates by; its title is the tab's text
 * @param tooltip one teaching sentence: what the pane shows and how to read it
 * @param content builds the pane's root node; called once, when the tab is first shown, so that panes the user has
 *                not opened cost nothing at start-up
 * @param charts  what File ▸ Export chart… offers while this tab is shown
 */
public record ExplorerPane(PaneId id, String tooltip, Supplier<Parent> content, Supplier<List<ExportableChart>> charts) {

    /** The tab's text. */
    public String title() {
        return id.title();
    }
}
