package org.rnnexplorer.ui;

import org.rnnexplorer.ui.live.LiveShortcuts;

import java.util.List;

/**
 * Help ▸ Keyboard shortcuts and Help ▸ Glossary: what a lecturer reads out. The shortcuts come from the menus'
 * own accelerators (so the list cannot drift from what the keys do) and the live panes' keys.
 */
final class HelpTexts {

    /** A menu command and the keys that run it, as the menu shows them (e.g. "Ctrl+E"). */
    record Shortcut(String command, String keys) {
    }

    /** The terms the panes use, each with a sentence a class can follow. */
    static final List<String[]> GLOSSARY = List.of(
            new String[] {"ρ (spectral radius)", "The largest |λ| of W_hh: how much the slowest-fading direction is "
                    + "multiplied per step once many steps have passed (ρ < 1 forgets, ρ > 1 can amplify)."},
            new String[] {"σ_max", "The largest singular value of W_hh: the most one step can stretch any vector. "
                    + "σ_max ≥ ρ, equal when W_hh is normal."},
            new String[] {"Jacobian factor", "‖∂h_t/∂h_{t−1}‖ = ‖diag(f′(a_t))·W_hh‖: how much one step back through "
                    + "time scales the gradient; ∂L/∂h_k is a product of such factors."},
            new String[] {"Pascanu bound", "‖∂h_t/∂h_k‖ ≤ (γ·σ_max)^(t−k) with γ bounding |f′| (1 for tanh): when "
                    + "γ·σ_max < 1 what a gradient carries back through W_hh over long ranges must vanish (Pascanu, Mikolov and "
                    + "Bengio 2013); a layer fed at every step, from the layer above or by the loss, can still hold gradient."},
            new String[] {"TBPTT", "Truncated backpropagation through time: the sequence is cut into chunks, h is "
                    + "carried across (detached) and the gradient flows back only within a chunk."},
            new String[] {"Chance level", "The loss a strategy that ignores the sequence reaches (each task says "
                    + "which, e.g. always predicting the mean): a run below it has learned something from the sequence."});

    private HelpTexts() {
    }

    /** One line per shortcut, the menus' first, then the live panes' keys. */
    static String shortcuts(List<Shortcut> menus) {
        StringBuilder s = new StringBuilder();
        for (Shortcut m : menus) s.append(m.keys()).append("\t").append(m.command()).append('\n');
        s.append("\nIn Hidden states and Gradient flow:\n");
        for (String part : LiveShortcuts.SUMMARY.split(" · ")) s.append(part).append('\n');
        return s.toString();
    }

    static String glossary() {
        StringBuilder s = new StringBuilder();
        for (String[] term : GLOSSARY) s.append(term[0]).append(": ").append(term[1]).append("\n\n");
        return s.toString().strip();
    }
}
