/**
 * The engine service: {@code EngineService} runs one run ({@code Session}) on its own engine thread, takes
 * commands as tasks on it and publishes immutable {@code ServiceSnapshot}s; {@code RunSpec}, metric histories,
 * traces.
 *
 * <p>May import {@code engine}, {@code engine.backend} ({@code Backends}), {@code train} and {@code io}; never
 * JavaFX, {@code ui} or {@code cli}, and it prints nothing.
 */
package org.rnnexplorer.service;
