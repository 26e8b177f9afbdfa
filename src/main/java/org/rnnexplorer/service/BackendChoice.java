package org.rnnexplorer.service;

import org.rnnexplorer.engine.Backend;
import org.rnnexplorer.engine.CellMode;
import org.rnnexplorer.engine.backend.Backends;

import java.util.Locale;

/** Which compute backend a run asks for: one by name, or the best available ({@link #AUTO}). */
public enum BackendChoice {
    AUTO, SCALAR, SIMD, CUDA;

    /** The name as typed on the command line and stored in workspaces: {@code auto}, {@code scalar}, ... */
    public String typedName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a name, case-insensitively; null means {@link #AUTO}.
     *
     * @throws IllegalArgumentException for any other name, with the same words as {@link Backends#select}
     */
    public static BackendChoice parse(String name) {
        if (name == null) return AUTO;
        String key = name.trim().toLowerCase(Locale.ROOT);
        for (BackendChoice c : values()) {
            if (c.typedName().equals(key)) return c;
        }
        throw new IllegalArgumentException("unknown backend '" + name + "' (expected scalar, simd, cuda or auto)");
    }

    /**
     * The backend itself.
     *
     * @throws IllegalArgumentException when the named backend is unavailable here, saying why
     */
    public Backend select() {
        return Backends.select(typedName());
    }

    /**
     * The backend for a model of this cell: {@link #AUTO} picks the best that auto may pick for it (simd for LSTM
     * and GRU while cuda asks to be passed over for them), a named one that cannot run it is refused in one line.
     *
     * @throws IllegalArgumentException when the named backend is unavailable here or cannot run the cell, saying why
     */
    public Backend select(CellMode mode) {
        return Backends.select(typedName(), mode);
    }
}
