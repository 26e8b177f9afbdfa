package org.rnnexplorer.archfixtures.service;

/** Planted: the service uses a JavaFX class. */
public class ServiceUsesJavaFx {
    Object progress = new javafx.beans.property.SimpleDoubleProperty();
}
