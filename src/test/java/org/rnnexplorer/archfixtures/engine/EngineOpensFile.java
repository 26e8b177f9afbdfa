package org.rnnexplorer.archfixtures.engine;

/** Planted: the engine core opens a file itself. */
public class EngineOpensFile {
    Object open(String name) throws java.io.IOException {
        return new java.io.FileReader(name);
    }
}
