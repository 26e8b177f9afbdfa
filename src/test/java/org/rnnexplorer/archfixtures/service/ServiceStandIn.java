package org.rnnexplorer.archfixtures.service;

/** A class of the service, for a chart to depend on wrongly. */
public class ServiceStandIn {
}
