package org.rnnexplorer.ui.state;

/**
 * The explorer's panes, in the window's tab order: what presets, opened files and the window navigate by. The
 * title is only what the tab shows (and what the remembered window state and workspace files store, see
 * {@link #byTitle(String)}).
 */
public enum PaneId {
    MODEL("Model & shapes"),
    WEIGHTS("Weights"),
    HIDDEN_STATES("Hidden states"),
    GRADIENT_FLOW("Gradient flow"),
    TRAINING("Training"),
    AB_RUNS("A/B runs"),
    PITFALLS("Pitfalls"),
    DATA("Data"),
    EXPERIMENTS("Experiments");

    private final String title;

    PaneId(String title) {
        this.title = title;
    }

    /** The tab's title, e.g. "Model &amp; shapes". */
    public String title() {
        return title;
    }

    /** The pane with this tab title, or null for none (a title a file or an older version stored). */
    public static PaneId byTitle(String title) {
        for (PaneId p : values()) if (p.title.equals(title)) return p;
        return null;
    }
}
