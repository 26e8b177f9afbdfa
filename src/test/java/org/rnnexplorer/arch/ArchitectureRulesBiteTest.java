package org.rnnexplorer.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnexplorer.arch.ArchitectureRules.NamedRule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every architecture rule fails on a planted violation, naming exactly the class that commits it: the throw-away
 * classes under {@code org.rnnexplorer.archfixtures} mirror the real packages, and each planted class breaks one rule.
 * A rule that passes its planted class, or blames another one, fails here.
 */
class ArchitectureRulesBiteTest {
    private static final String ROOT = "org.rnnexplorer.archfixtures";

    /** Rule name to the planted classes (simple names under ROOT) its failure must name, and no other. */
    private static final Map<String, Set<String>> PLANTED = new LinkedHashMap<>();

    static {
        plant("nothing depends on ui or cli, and they do not depend on each other", "io.IoImportsCli");
        plant("engine and train never see JavaFX, io or service", "engine.EngineImportsIo");
        plant("engine does not depend on train", "engine.EngineImportsTrain");
        plant("io and service never see JavaFX", "service.ServiceUsesJavaFx");
        plant("packages are free of cycles", "train.CycleA", "train.task.CycleB");
        plant("only the seam names backend implementations", "cli.CliNamesCudaBackend");
        plant("backends are independent of each other", "engine.backend.simd.SimdImportsCuda");
        plant("the engine core and train start no threads", "train.TrainStartsThreadPool");
        plant("the engine core and train do no file I/O", "engine.EngineOpensFile");
        plant("only cli prints to standard streams", "service.ServicePrintsStackTrace");
        plant("view-models see only javafx.beans and javafx.collections", "ui.weights.WeightsViewModel");
        plant("ui.chart does not depend on the service", "ui.chart.ChartImportsService");
        plant("ui feature packages do not import each other", "ui.hidden.HiddenImportsWeights");
        plant("shared ui packages do not depend on panes", "ui.state.StateImportsWeights");
        plant("ExplorerWindow touches view-models only through constructors and accessors", "ui.ExplorerWindow");
    }

    private static void plant(String rule, String... classes) {
        PLANTED.put(rule, Set.of(classes).stream().map(c -> ROOT + "." + c).collect(Collectors.toSet()));
    }

    private static JavaClasses fixtures;

    @BeforeAll
    static void importFixtures() {
        fixtures = new ClassFileImporter().importPackages(ROOT);
    }

    static List<NamedRule> rules() {
        return ArchitectureRules.all(ROOT);
    }

    @Test
    void everyRuleHasAPlantedViolation() {
        assertEquals(rules().stream().map(NamedRule::name).collect(Collectors.toSet()), PLANTED.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void failsNamingExactlyItsPlantedClass(NamedRule rule) {
        EvaluationResult result = rule.rule().evaluate(fixtures);
        String report = String.join("\n", result.getFailureReport().getDetails());
        assertTrue(result.hasViolation(), rule.name() + " passed its planted violation");
        Set<String> named = new TreeSet<>();
        for (Set<String> planted : PLANTED.values()) {
            for (String c : planted) {
                if (Pattern.compile(Pattern.quote(c) + "(?!\\w)").matcher(report).find()) named.add(c);
            }
        }
        assertEquals(new TreeSet<>(PLANTED.get(rule.name())), named, report);
    }
}
