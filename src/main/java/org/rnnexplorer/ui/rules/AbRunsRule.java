package org.rnnexplorer.ui.rules;

import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.ui.fx.ServiceBridge;
import org.rnnexplorer.ui.state.ExplorerState;
import org.rnnexplorer.ui.state.ExplorerState.RunOwner;
import org.rnnexplorer.ui.state.ExplorerState.RunSlot;

/**
 * The A/B view owns slots A, B and C from the first run it configures on each; their specs are the ones they run.
 * C is taken only by a three-way comparison.
 */
public final class AbRunsRule {

    private AbRunsRule() {
    }

    public static void install(ExplorerState state, ServiceBridge a, ServiceBridge b, ServiceBridge c) {
        follow(state, RunSlot.A, a);
        follow(state, RunSlot.B, b);
        follow(state, RunSlot.C, c);
    }

    private static void follow(ExplorerState state, RunSlot slot, ServiceBridge bridge) {
        bridge.snapshotProperty().addListener((o, old, s) -> arrived(state, slot, s));
    }

    private static void arrived(ExplorerState state, RunSlot slot, ServiceSnapshot s) {
        if (s == null || s.spec() == null || s.spec() == state.specProperty(slot).get()) return;
        state.own(slot, RunOwner.AB);
        state.run(slot, s.spec());
    }
}
