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

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    static List<NamedRule> rules() {
        return ArchitectureRules.all(ROOT);
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

    /** Each package says in its package-info.java what lives there and what it may import, as the rules enforce. */
    @Test
    void everyPackageSaysWhatLivesThereAndWhatItMayImport() throws IOException {
        Path sources = Path.of("src/main/java");
        List<String> without;
        try (Stream<Path> files = Files.walk(sources)) {
            without = files.filter(f -> f.toString().endsWith(".java")).map(Path::getParent).distinct()
                    .filter(dir -> !Files.isRegularFile(dir.resolve("package-info.java")))
                    .map(dir -> sources.relativize(dir).toString().replace(File.separatorChar, '.')).sorted().toList();
        }
        assertEquals(List.of(), without, "packages without a package-info.java");
        try (Stream<Path> infos = Files.walk(sources)) {
            for (Path info : infos.filter(f -> f.endsWith("package-info.java")).toList()) {
                assertTrue(Files.readString(info).contains("May import"), info + " does not say what it may import");
            }
        }
    }
}
