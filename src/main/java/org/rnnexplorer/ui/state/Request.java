package org.rnnexplorer.ui.state;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Something one part of the window asks a pane to do, through the state: a preset, a workspace or a file posts it,
 * and the rule in {@code ui.rules} that carries it hands it to the pane's view-model. The poster never sees the pane.
 * Unlike a property, posting the same value twice asks twice (applying a preset again resets its panes again).
 * FX thread only.
 *
 * @param <T> what is asked: a value record, or {@link Void} for a bare command (posted as null)
 */
public final class Request<T> {
    private final List<Consumer<? super T>> handlers = new CopyOnWriteArrayList<>();

    /** Asks every handler, in the order they were installed. */
    public void post(T value) {
        for (Consumer<? super T> h : handlers) h.accept(value);
    }

    /** Installs what carries the request out (a rule, once, when the window is built). */
    public void handle(Consumer<? super T> handler) {
        handlers.add(handler);
    }
}
