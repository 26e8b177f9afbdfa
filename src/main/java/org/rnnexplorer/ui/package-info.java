/**
 * The application: {@code ExplorerApp} and its launcher, the main window ({@code ExplorerWindow}: builds the panes
 * and lays them out; {@code MainWindowView}, {@code MainWindowViewModel}), file menus, workspaces, preferences and
 * the theme.
 *
 * <p>May import every {@code ui.*} package, {@code service}, {@code io}, {@code train}, {@code engine} and JavaFX.
 * {@code ExplorerWindow} touches the panes' view-models only through their constructors and accessors.
 */
package org.rnnexplorer.ui;
