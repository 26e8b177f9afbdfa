package org.rnnexplorer.ui;

import javafx.scene.Parent;
import org.rnnexplorer.ui.chart.ExportableChart;

import java.util.List;
import java.util.function.Supplier;

/**
 * One tab of the main window. The window knows panes only through this; {@link ExplorerPanes} lists them in order.
 *
 * @param title   tab title, also what the window remembers as the selected tab
 * @param tooltip one teaching sentence: what the pane shows and how to read it
 * @param content builds the pane's root node; called once, when the tab is first shown, so that panes the user has
 *                not opened cost nothing at start-up
 * @param charts  what File ▸ Export chart… offers while this tab is shown
 */
public record ExplorerPane(String title, String tooltip, Supplier<Parent> content, Supplier<List<ExportableChart>> charts) {
}
