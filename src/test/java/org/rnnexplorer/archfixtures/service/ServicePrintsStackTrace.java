package org.rnnexplorer.archfixtures.service;

/** Planted: the service prints a stack trace to standard error instead of publishing the problem. */
public class ServicePrintsStackTrace {
    void fail(RuntimeException e) {
        e.printStackTrace();
    }
}
