package org.rnnexplorer.ui;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Milestones from the JVM's start to the first chart on screen, for the start-up log line. FX thread. */
final class StartupTimes {

    private static final long JVM_START = ManagementFactory.getRuntimeMXBean().getStartTime();
    private static final Map<String, Long> MILESTONES = new LinkedHashMap<>();

    private StartupTimes() {
    }

    /** Records a milestone (the first time only). */
    static void mark(String name) {
        MILESTONES.putIfAbsent(name, System.currentTimeMillis());
    }

    /** Seconds from the JVM's start to a milestone, NaN when it was not reached. */
    static double seconds(String name) {
        Long t = MILESTONES.get(name);
        return t == null ? Double.NaN : (t - JVM_START) / 1000.0;
    }

    /**
     * e.g. "fx started 0.81 s, window built 1.40 s, shown 1.62 s, first chart 1.95 s; CPU 3.1 s". The process's CPU
     * time (all threads) tells a slow machine from a busy one: on a loaded machine wall time grows, CPU time not.
     */
    static String describe() {
        StringJoiner j = new StringJoiner(", ", "", "; CPU " + cpuSeconds());
        for (var e : MILESTONES.entrySet()) {
            j.add(String.format(Locale.ROOT, "%s %.2f s", e.getKey(), (e.getValue() - JVM_START) / 1000.0));
        }
        return j.toString();
    }

    private static String cpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            return String.format(Locale.ROOT, "%.2f s", os.getProcessCpuTime() / 1e9);
        }
        return "unknown";
    }
}
