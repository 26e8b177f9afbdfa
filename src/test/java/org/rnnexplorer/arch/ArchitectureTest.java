package org.rnnexplorer.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnexplorer.arch.ArchitectureRules.NamedRule;
import org.rnnexplorer.cli.Rnnx;
import org.rnnexplorer.engine.Rnn;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The allowed dependency arrows of the README's architecture section, enforced on the program's classes (tests
 * excluded, so the planted violations of {@link ArchitectureRulesBiteTest} never reach this run).
 */
class ArchitectureTest {
    private static final String ROOT = "org.rnnexplorer";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    /**
     * Not yet checked on the program, only on its planted violation: today's ExplorerWindow still carries the
     * cross-pane rules (it calls training.leave(), pitfalls.modelChanged(), data.modelChanged(), weights.configure()
     * and 11 more commands on pane view-models). Issue 15 item 1 makes the window construction and layout only;
     * ENABLE this rule here (delete the filter) when that lands.
     */
    private static final String NOT_YET_ON_THE_PROGRAM =
            "ExplorerWindow touches view-models only through constructors and accessors";

    static List<NamedRule> rules() {
        return ArchitectureRules.all(ROOT).stream().filter(r -> !r.name().equals(NOT_YET_ON_THE_PROGRAM)).toList();
    }

    @Test
    void theRulesSeeTheProjectsClasses() {
        // archunit.properties lets rules pass on packages that are still empty; make sure the import itself worked.
        assertTrue(classes.contain(Rnn.class));
        assertTrue(classes.contain(Rnnx.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void theProgramKeepsTheRule(NamedRule rule) {
        rule.rule().check(classes);
    }
}
