package org.rnnexplorer.archfixtures.train;

/** Planted, with {@link org.rnnexplorer.archfixtures.train.task.CycleB}: two packages that depend on each other. */
public class CycleA {
    Object task = new org.rnnexplorer.archfixtures.train.task.CycleB();
}
