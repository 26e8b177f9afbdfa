package org.rnnexplorer.ui.live;

import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import org.rnnexplorer.service.TraceSnapshot;

/**
 * Which sequence b of the batch the live panes follow: Hidden states' heatmap and unit lines, Gradient flow's
 * ∂L/∂h_t heatmap, step Jacobians and step-through are of sequence b (the saturation fraction and the ‖∂L/∂h_t‖
 * curves are over the whole batch). With lengths 5, 3, 2 only b = 0 ran to the end: the shorter sequences, where the
 * packing shows, could not be seen. The explore run follows the chosen b; a training run follows b = 0 of each batch,
 * so the choice is offered only while exploring, over the N sequences of the pass shown.
 */
public final class SequenceChoice {

    private final IntegerProperty chosen = new SimpleIntegerProperty(this, "chosen", 0);
    private final ReadOnlyIntegerWrapper batch = new ReadOnlyIntegerWrapper(this, "batch", 1);
    private final BooleanProperty exploring = new SimpleBooleanProperty(this, "exploring", true);
    private final BooleanBinding offered = exploring.and(batch.greaterThan(1));

    /** Takes the batch size N of a new pass (an unbatched input counts as one sequence). */
    public void follow(TraceSnapshot trace) {
        if (trace != null) batch.set(trace.batch());
    }

    /** The sequence b asked for, 0 ≤ b &lt; N (the explore run clamps a larger one to N − 1). */
    public IntegerProperty chosenProperty() {
        return chosen;
    }

    /** N of the pass shown. */
    public ReadOnlyIntegerProperty batchProperty() {
        return batch.getReadOnlyProperty();
    }

    /** Whether the main run explores the form (set by the window from the run's owner). */
    public BooleanProperty exploringProperty() {
        return exploring;
    }

    /** Whether there is a choice to make: exploring a batch of more than one sequence. */
    public BooleanBinding offeredBinding() {
        return offered;
    }
}
