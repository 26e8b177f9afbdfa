package org.rnnexplorer.archfixtures.train;

/** Planted: training code creates a thread pool of its own. */
public class TrainStartsThreadPool {
    Object pool() {
        return new java.util.concurrent.ForkJoinPool(2);
    }
}
