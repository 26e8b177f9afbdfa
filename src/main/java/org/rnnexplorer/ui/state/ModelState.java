package org.rnnexplorer.ui.state;

import org.rnnexplorer.engine.InputLayout;
import org.rnnexplorer.engine.RnnConfig;

/**
 * A valid model-and-input setting, checked as PyTorch checks it: what the other panes (weights, and later the
 * engine service's forward, backward and training runs) take from the Model &amp; shapes form.
 *
 * @param layout the checked layout: steps, batch, unbatched, batch_first as the forward call sees them
 */
public record ModelState(RnnConfig config, InputSpec input, InputLayout layout) {
}
