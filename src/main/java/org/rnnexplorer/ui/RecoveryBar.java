package org.rnnexplorer.ui;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The bar that offers what a window that ended without closing kept: its sentence, Restore and Discard. Shown only
 * while something is offered; styled as the problem banner, since it asks for a decision before the work is gone.
 */
final class RecoveryBar {

    private final HBox root = new HBox(10);

    RecoveryBar(RecoveryViewModel vm) {
        Label text = new Label();
        text.setId("recoveryText");
        text.getStyleClass().add("banner-text");
        text.setWrapText(true);
        text.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(text, Priority.ALWAYS);
        text.textProperty().bind(vm.offerProperty());
        Button restore = new Button("Restore");
        restore.setId("restoreUnsavedButton");
        restore.setOnAction(e -> vm.restore());
        Button discard = new Button("Discard");
        discard.setId("discardUnsavedButton");
        discard.setOnAction(e -> vm.discard());
        root.setId("recoveryBar");
        root.getStyleClass().add("banner");
        root.setAlignment(Pos.CENTER_LEFT);
        root.setPadding(new Insets(6, 10, 6, 10));
        root.getChildren().addAll(text, restore, discard);
        root.visibleProperty().bind(vm.offerProperty().isNotEmpty());
        root.managedProperty().bind(root.visibleProperty());
    }

    HBox root() {
        return root;
    }
}
