package org.rnnexplorer.ui;

/** Light or dark: a stylesheet for the controls and matching colours for the charts. */
public enum Theme {
    LIGHT("light.css", false), DARK("dark.css", true);

    private final String stylesheet;
    private final boolean dark;

    Theme(String stylesheet, boolean dark) {
        this.stylesheet = stylesheet;
        this.dark = dark;
    }

    /** The stylesheet's resource name beside this class. */
    public String stylesheet() {
        return stylesheet;
    }

    public boolean dark() {
        return dark;
    }
}
