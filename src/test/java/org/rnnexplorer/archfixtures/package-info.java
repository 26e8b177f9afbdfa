/**
 * Throw-away classes for {@code org.rnnexplorer.arch.ArchitectureRulesBiteTest}: the packages mirror the real ones
 * under this root, and each class named "planted" in its comment commits exactly one violation of one architecture
 * rule. The others are stand-ins for it to depend on. Imported only by that test, never by the real rule run (which
 * reads main classes only).
 */
package org.rnnexplorer.archfixtures;
