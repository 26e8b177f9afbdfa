package org.rnnexplorer.ui.live;

import javafx.beans.property.ObjectProperty;
import javafx.event.ActionEvent;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.util.StringConverter;

/**
 * "Sequence [b]" in a live pane's toolbar: a spinner over 0…N−1 (arrows, or typed and Enter) bound to a
 * {@link SequenceChoice}, shown only while there is a choice (exploring a batch of several sequences).
 */
public final class SequenceControl extends HBox {

    /** The choice as an object property, held here: a bidirectional binding keeps only weak references to it. */
    private final ObjectProperty<Integer> chosen;

    public SequenceControl(SequenceChoice choice) {
        super(6);
        setAlignment(Pos.CENTER_LEFT);
        SpinnerValueFactory.IntegerSpinnerValueFactory values = new SpinnerValueFactory.IntegerSpinnerValueFactory(0, 0, 0);
        values.maxProperty().bind(choice.batchProperty().subtract(1));
        chosen = choice.chosenProperty().asObject();
        values.valueProperty().bindBidirectional(chosen);
        // Typed too (a batch of 64 is many clicks); text that is no number leaves the choice as it was, where the
        // stock converter threw on the FX thread. Out of range, the factory clamps it to 0…N−1.
        values.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer b) {
                return b == null ? "" : Integer.toString(b);
            }

            @Override
            public Integer fromString(String text) {
                try {
                    return Integer.valueOf(text.strip());
                } catch (NumberFormatException notANumber) {
                    return values.getValue();
                }
            }
        });
        Spinner<Integer> spinner = new Spinner<>(values);
        spinner.setEditable(true);
        // After a commit that changed nothing (text that is no number) the field shows the choice again.
        Runnable commit = () -> {
            spinner.commitValue();
            spinner.getEditor().setText(values.getConverter().toString(values.getValue()));
        };
        spinner.getEditor().addEventHandler(ActionEvent.ACTION, e -> commit.run());
        spinner.getEditor().focusedProperty().addListener((o, was, now) -> {
            if (!now) commit.run();
        });
        spinner.setId("sequenceChoice");
        spinner.setPrefWidth(80);
        Tooltip tip = new Tooltip("Which sequence b of the batch this pane follows: the heatmap, the unit lines and the "
                + "step-through are of sequence b; the saturation fraction and the ‖∂L/∂h_t‖ curves are over the whole "
                + "batch. With lengths, a shorter sequence stops at its own length. Hidden states and Gradient flow "
                + "follow the same b. Offered while exploring: a training run follows b = 0 of each batch.");
        tip.setWrapText(true);
        tip.setMaxWidth(360);
        spinner.setTooltip(tip);
        getChildren().addAll(new Label("Sequence"), spinner);
        visibleProperty().bind(choice.offeredBinding());
        managedProperty().bind(visibleProperty());
    }
}
