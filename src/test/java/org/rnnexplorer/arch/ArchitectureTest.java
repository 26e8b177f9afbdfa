package org.rnnexplorer.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The allowed dependency arrows of the README's architecture section, enforced. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.rnnexplorer");
    }

    @Test
    void theRulesSeeTheProjectsClasses() {
        // archunit.properties lets rules pass on packages that are still empty; make sure the import itself worked.
        org.junit.jupiter.api.Assertions.assertTrue(classes.contain(org.rnnexplorer.engine.Rnn.class));
        org.junit.jupiter.api.Assertions.assertTrue(classes.contain(org.rnnexplorer.cli.Rnnx.class));
    }

    @Test
    void nothingOutsideUiOrCliDependsOnThem() {
        noClasses().that().resideOutsideOfPackages("org.rnnexplorer.ui..", "org.rnnexplorer.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("org.rnnexplorer.ui..", "org.rnnexplorer.cli..")
                .check(classes);
        noClasses().that().resideInAPackage("org.rnnexplorer.ui..")
                .should().dependOnClassesThat().resideInAPackage("org.rnnexplorer.cli..").check(classes);
        noClasses().that().resideInAPackage("org.rnnexplorer.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.rnnexplorer.ui..").check(classes);
    }

    @Test
    void engineAndTrainNeverSeeJavaFxIoOrServiceLayers() {
        noClasses().that().resideInAnyPackage("org.rnnexplorer.engine..", "org.rnnexplorer.train..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.jfree..",
                        "org.rnnexplorer.io..", "org.rnnexplorer.service..")
                .check(classes);
    }

    @Test
    void engineDoesNotDependOnTrain() {
        noClasses().that().resideInAPackage("org.rnnexplorer.engine..")
                .should().dependOnClassesThat().resideInAPackage("org.rnnexplorer.train..").check(classes);
    }

    @Test
    void theEngineCoreAndTrainDoNoFileIoAndStartNoThreads() {
        // Backends (engine.backend.*) may own threads and native resources; the core and train may not.
        noClasses().that().resideInAnyPackage("org.rnnexplorer.engine", "org.rnnexplorer.engine.bench",
                        "org.rnnexplorer.train..")
                .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.net..")
                .orShould().dependOnClassesThat().belongToAnyOf(Thread.class, java.io.File.class,
                        java.io.FileInputStream.class, java.io.FileOutputStream.class,
                        java.util.concurrent.ExecutorService.class, java.util.concurrent.Executors.class)
                .check(classes);
    }

    @Test
    void theBackendSeamDoesNotDependOnItsImplementations() {
        noClasses().that().resideInAPackage("org.rnnexplorer.engine.backend")
                .should().dependOnClassesThat().resideInAnyPackage("org.rnnexplorer.engine.backend.scalar..",
                        "org.rnnexplorer.engine.backend.simd..", "org.rnnexplorer.engine.backend.cuda..")
                .check(classes);
    }

    @Test
    void ioAndServiceNeverSeeJavaFx() {
        noClasses().that().resideInAnyPackage("org.rnnexplorer.io..", "org.rnnexplorer.service..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.jfree..").check(classes);
    }

    @Test
    void onlyTheCliPrintsToStandardStreams() {
        noClasses().that().resideOutsideOfPackage("org.rnnexplorer.cli..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .check(classes);
    }
}
