package org.rnnexplorer.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.library.dependencies.Slice;
import com.tngtech.archunit.library.dependencies.SliceRule;

import java.io.File;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.RandomAccessFile;
import java.util.List;
import java.util.Set;
import java.util.Timer;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The README's architecture rules, written once for a root package: {@code org.rnnexplorer} for the real classes
 * ({@link ArchitectureTest}) and {@code org.rnnexplorer.archfixtures}, whose throw-away classes each plant one
 * violation, to show that every rule fails on what it forbids ({@link ArchitectureRulesBiteTest}). The package
 * table of the README and each package's {@code package-info.java} say the same in words.
 */
final class ArchitectureRules {

    /** A rule with a short name for test reports. */
    record NamedRule(String name, ArchRule rule) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The backend implementations: each on its own, named by the rest of the program only through the seam. */
    static final List<String> BACKENDS = List.of("scalar", "simd", "cuda");

    /**
     * ui subpackages that are shared by the panes rather than panes themselves: the FX-thread bridge, charts, the
     * training charts (drawn by the Training pane and by the A/B view for each of its runs), the live panes' time
     * cursor and controls, the explore runs' specs, and the single explorer state with the cross-pane rules over it
     * (the shared state through which panes talk; the rules see the panes' view-models by design). Every other ui
     * subpackage is a feature.
     */
    static final Set<String> SHARED_UI = Set.of("fx", "chart", "trainingcharts", "live", "run", "state", "rules");

    private ArchitectureRules() {
    }

    /** Every rule for classes under {@code root}. */
    static List<NamedRule> all(String root) {
        return List.of(
                nothingDependsOnUiOrCli(root),
                engineAndTrainNeverSeeJavaFxIoOrService(root),
                engineDoesNotDependOnTrain(root),
                ioAndServiceNeverSeeJavaFx(root),
                packagesAreFreeOfCycles(root),
                onlyTheSeamNamesBackendImplementations(root),
                backendsAreIndependentOfEachOther(root),
                engineCoreAndTrainStartNoThreads(root),
                engineCoreAndTrainDoNoFileIo(root),
                onlyTheCliUsesStandardStreams(root),
                viewModelsSeeOnlyJavaFxBeansAndCollections(root),
                chartsDoNotDependOnTheService(root),
                uiFeaturesDoNotImportEachOther(root),
                sharedUiDoesNotDependOnPanes(root),
                explorerWindowTouchesViewModelsOnlyThroughConstructorsAndAccessors(root));
    }

    /** The engine core: the engine package with the seam, the backend loader and harness, benchmarks. */
    private static String[] engineCoreAndTrain(String root) {
        return new String[] {root + ".engine", root + ".engine.backend", root + ".engine.bench", root + ".train.."};
    }

    static NamedRule nothingDependsOnUiOrCli(String root) {
        String ui = root + ".ui..", cli = root + ".cli..";
        return new NamedRule("nothing depends on ui or cli, and they do not depend on each other",
                CompositeArchRule.of(noClasses().that().resideOutsideOfPackages(ui, cli)
                                .should().dependOnClassesThat().resideInAnyPackage(ui, cli))
                        .and(noClasses().that().resideInAPackage(ui).should().dependOnClassesThat().resideInAPackage(cli))
                        .and(noClasses().that().resideInAPackage(cli).should().dependOnClassesThat().resideInAPackage(ui))
                        .because("ui and cli are the two front ends over the same service and engine; "
                                + "the layers below must run without either"));
    }

    static NamedRule engineAndTrainNeverSeeJavaFxIoOrService(String root) {
        return new NamedRule("engine and train never see JavaFX, io or service",
                noClasses().that().resideInAnyPackage(root + ".engine..", root + ".train..")
                        .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.jfree..", root + ".io..",
                                root + ".service..")
                        .because("the engine and the training code are the computation: files, threads of the "
                                + "service and the window are layers above them"));
    }

    static NamedRule engineDoesNotDependOnTrain(String root) {
        return new NamedRule("engine does not depend on train",
                noClasses().that().resideInAPackage(root + ".engine..")
                        .should().dependOnClassesThat().resideInAPackage(root + ".train..")
                        .because("train builds on the engine (readout, losses, optimisers), never the reverse"));
    }

    static NamedRule ioAndServiceNeverSeeJavaFx(String root) {
        return new NamedRule("io and service never see JavaFX",
                noClasses().that().resideInAnyPackage(root + ".io..", root + ".service..")
                        .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.jfree..")
                        .because("the CLI runs the same service and file code without a display"));
    }

    static NamedRule packagesAreFreeOfCycles(String root) {
        return new NamedRule("packages are free of cycles",
                slices().matching(root + ".(**)").should().beFreeOfCycles()
                        .because("each arrow of the README's picture points one way, so a package can be read, "
                                + "tested and replaced without the ones above it"));
    }

    static NamedRule onlyTheSeamNamesBackendImplementations(String root) {
        String[] impls = BACKENDS.stream().map(b -> root + ".engine.backend." + b + "..").toArray(String[]::new);
        return new NamedRule("only the seam names backend implementations",
                noClasses().that().resideOutsideOfPackages(impls)
                        .should().dependOnClassesThat().resideInAnyPackage(impls)
                        .because("Backends loads the implementations by class name, so that one whose module or "
                                + "native library is missing fails alone; everything else goes through Backend"));
    }

    static NamedRule backendsAreIndependentOfEachOther(String root) {
        return new NamedRule("backends are independent of each other",
                slices().matching(root + ".engine.backend.(*)..").should().notDependOnEachOther()
                        .because("each backend is checked against the scalar reference on its own and may be "
                                + "missing at run time (no Vector API module, no NVIDIA driver)"));
    }

    static NamedRule engineCoreAndTrainStartNoThreads(String root) {
        return new NamedRule("the engine core and train start no threads",
                noClasses().that().resideInAnyPackage(engineCoreAndTrain(root))
                        .should().dependOnClassesThat(assignableTo(Thread.class).or(assignableTo(ThreadGroup.class))
                                .or(assignableTo(Executor.class)).or(assignableTo(ThreadFactory.class))
                                .or(assignableTo(Timer.class)).or(belongToAnyOf(Executors.class)))
                        .because("the service owns the engine's thread and backends own their workers; the "
                                + "computation itself must stay callable from any one thread"));
    }

    static NamedRule engineCoreAndTrainDoNoFileIo(String root) {
        return new NamedRule("the engine core and train do no file I/O",
                noClasses().that().resideInAnyPackage(engineCoreAndTrain(root))
                        .should().dependOnClassesThat(resideInAnyPackage("java.nio.file..", "java.nio.channels..",
                                "java.net..").or(belongToAnyOf(File.class, FileInputStream.class,
                                FileOutputStream.class, FileReader.class, FileWriter.class, RandomAccessFile.class,
                                FileDescriptor.class)))
                        .because("files are io's job (atomic writes, messages naming the file); the engine "
                                + "computes on arrays it is given"));
    }

    static NamedRule onlyTheCliUsesStandardStreams(String root) {
        return new NamedRule("only cli prints to standard streams",
                noClasses().that().resideOutsideOfPackage(root + ".cli..")
                        .and().doNotHaveFullyQualifiedName(root + ".ui.ExplorerLauncher")
                        .should().accessField(System.class, "out")
                        .orShould().accessField(System.class, "err")
                        .orShould().callMethodWhere(printStackTrace())
                        .because("the window reports problems inline and the service through snapshots; only "
                                + "the CLI owns a terminal, and the window's launcher before there is a window "
                                + "(no display, no GTK)"));
    }

    /** A call of any {@code printStackTrace} overload on any throwable. */
    private static DescribedPredicate<JavaMethodCall> printStackTrace() {
        return DescribedPredicate.describe("Throwable.printStackTrace",
                call -> call.getName().equals("printStackTrace")
                        && call.getTargetOwner().isAssignableTo(Throwable.class));
    }

    static NamedRule viewModelsSeeOnlyJavaFxBeansAndCollections(String root) {
        return new NamedRule("view-models see only javafx.beans and javafx.collections",
                noClasses().that().resideInAPackage(root + ".ui..").and().haveSimpleNameEndingWith("ViewModel")
                        .should().dependOnClassesThat(resideInAnyPackage("javafx..")
                                .and(DescribedPredicate.not(resideInAnyPackage("javafx.beans..", "javafx.collections.."))))
                        .because("view-models are tested without starting JavaFX; the scene graph belongs to the views"));
    }

    static NamedRule chartsDoNotDependOnTheService(String root) {
        return new NamedRule("ui.chart does not depend on the service",
                noClasses().that().resideInAPackage(root + ".ui.chart..")
                        .should().dependOnClassesThat().resideInAPackage(root + ".service..")
                        .because("charts draw the data they are handed; a pane's view-model reads the service"));
    }

    static NamedRule uiFeaturesDoNotImportEachOther(String root) {
        String ui = root + ".ui.";
        SliceRule rule = slices().matching(ui + "(*)..").that(DescribedPredicate.describe("are features",
                        (Slice s) -> !SHARED_UI.contains(s.getNamePart(1))))
                .should().notDependOnEachOther();
        return new NamedRule("ui feature packages do not import each other",
                rule.because("a pane talks to another through the shared state, so that a pane can be added or "
                        + "changed without editing the others"));
    }

    /** The shared ui packages other than {@code ui.rules} (which connects the panes and so sees them) know no pane. */
    static NamedRule sharedUiDoesNotDependOnPanes(String root) {
        String ui = root + ".ui.";
        String[] shared = SHARED_UI.stream().filter(p -> !p.equals("rules")).map(p -> ui + p + "..").toArray(String[]::new);
        DescribedPredicate<JavaClass> inAPane = DescribedPredicate.describe("are in a pane's package", c -> {
            if (!c.getPackageName().startsWith(ui)) return false;
            return !SHARED_UI.contains(c.getPackageName().substring(ui.length()).split("\\.")[0]);
        });
        return new NamedRule("shared ui packages do not depend on panes",
                noClasses().that().resideInAnyPackage(shared).should().dependOnClassesThat(inAPane)
                        .because("the panes build on the state, the bridge and the charts; a shared package that "
                                + "knew a pane would tie every pane to that one"));
    }

    /**
     * The panes' view-models ({@code ui.<feature>.*ViewModel}). The window's own view-models in {@code ui}
     * (MainWindowViewModel, WorkspaceViewModel: window geometry, problems, files) are the window's to drive.
     */
    static NamedRule explorerWindowTouchesViewModelsOnlyThroughConstructorsAndAccessors(String root) {
        String window = root + ".ui.ExplorerWindow";
        DescribedPredicate<JavaClass> theWindow = DescribedPredicate.describe("are the explorer window",
                c -> c.getName().equals(window) || c.getName().startsWith(window + "$"));
        String features = root + ".ui.";
        DescribedPredicate<JavaClass> paneViewModel = DescribedPredicate.describe("a pane's view-model",
                c -> c.getSimpleName().endsWith("ViewModel") && c.getPackageName().startsWith(features));
        return new NamedRule("ExplorerWindow touches view-models only through constructors and accessors",
                noClasses().that(theWindow)
                        .should().callMethodWhere(commandOf(paneViewModel))
                        .orShould().accessFieldWhere(DescribedPredicate.describe("the field is a pane view-model's",
                                (JavaAccess<?> a) -> paneViewModel.test(a.getTargetOwner())))
                        .because("the window builds panes and lays them out; cross-pane behaviour lives in the "
                                + "shared state, where it is unit-tested without a window"));
    }

    /** A call of a method of such a class that is not an accessor (an accessor takes nothing and returns something). */
    private static DescribedPredicate<JavaMethodCall> commandOf(DescribedPredicate<JavaClass> owner) {
        return DescribedPredicate.describe("a method of " + owner.getDescription() + " that is not an accessor", call -> {
            if (!owner.test(call.getTargetOwner())) return false;
            boolean takesNothing = call.getTarget().getRawParameterTypes().isEmpty();
            boolean returnsSomething = !call.getTarget().getRawReturnType().getName().equals("void");
            return !(takesNothing && returnsSomething);
        });
    }
}
