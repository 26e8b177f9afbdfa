package org.rnnexplorer.ui.rules;

import org.rnnexplorer.service.ServiceSnapshot;
import org.rnnexplorer.ui.fx.ServiceBridge;
import org.rnnexplorer.ui.state.ExplorerState;
import org.rnnexplorer.ui.state.ExplorerState.RunOwner;
import org.rnnexplorer.ui.state.ExplorerState.RunSlot;

/** The A/B view owns slots A and B from the first run it configures on them; their specs are the ones they run. */
public final class AbRunsRule {

    private AbRunsRule() {
    }

    public static void install(ExplorerState state, ServiceBridge a, ServiceBridge b) {
        follow(state, RunSlot.A, a);
        follow(state, RunSlot.B, b);
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
