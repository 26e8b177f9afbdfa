package org.rnnexplorer.archfixtures.train.task;

/** Planted, with {@link org.rnnexplorer.archfixtures.train.CycleA}: the arrow back that closes the cycle. */
public class CycleB {
    Object owner() {
        return new org.rnnexplorer.archfixtures.train.CycleA();
    }
}
