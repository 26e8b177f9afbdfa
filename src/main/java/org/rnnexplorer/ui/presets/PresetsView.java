package org.rnnexplorer.ui.presets;

import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.rnnexplorer.ui.fx.FxmlViews;

/** The Experiments pane: a button per preset with its one-line summary; and the same as a menu. */
public final class PresetsView {

    private final PresetsViewModel viewModel;
    private final Parent root;

    @FXML private VBox list;

    public PresetsView(PresetsViewModel viewModel) {
        this.viewModel = viewModel;
        this.root = FxmlViews.load(this);
    }

    public Parent root() {
        return root;
    }

    @FXML
    private void initialize() {
        for (Preset p : Preset.values()) {
            Button b = new Button(p.title());
            b.setId("preset-" + p.name());
            b.getStyleClass().add("preset-button"); // one width for all, in em (explorer.css): it grows with the zoom
            b.setMnemonicParsing(false);
            b.setOnAction(e -> viewModel.apply(p));
            Tooltip t = new Tooltip(p.explanation());
            t.setWrapText(true);
            t.setMaxWidth(420);
            b.setTooltip(t);
            Label summary = new Label(p.summary());
            summary.setWrapText(true);
            summary.getStyleClass().add("dim-note");
            HBox row = new HBox(12, b, summary);
            row.setAlignment(Pos.CENTER_LEFT);
            list.getChildren().add(row);
        }
    }

    /** The Experiments menu for the menu bar: the same presets. */
    public static Menu menu(PresetsViewModel viewModel) {
        Menu menu = new Menu("E_xperiments");
        for (Preset p : Preset.values()) {
            MenuItem item = new MenuItem(p.title());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> viewModel.apply(p));
            menu.getItems().add(item);
        }
        return menu;
    }
}
