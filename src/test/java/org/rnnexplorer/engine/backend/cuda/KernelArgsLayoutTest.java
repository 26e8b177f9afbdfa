package org.rnnexplorer.engine.backend.cuda;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The Java layouts of the kernel argument structs against kernel-abi.txt, which build.sh writes from the host C
 * compiler's sizeof/offsetof of kernel_args.h: a field out of place would hand the kernels garbage pointers.
 */
class KernelArgsLayoutTest {

    @Test
    void everyArgumentStructMatchesTheCompilersLayout() throws IOException {
        Map<String, StructLayout> java = new LinkedHashMap<>();
        for (StructLayout l : new StructLayout[] {KernelArgs.RECURRENCE, KernelArgs.GEMM, KernelArgs.MASK, KernelArgs.GATHER,
                KernelArgs.COLSUM, KernelArgs.GATED, KernelArgs.PROBE}) {
            java.put(l.name().orElseThrow(), l);
        }
        Map<String, Map<String, Long>> abi = abi();
        assertEquals(new TreeMap<>(abi).keySet(), new TreeMap<>(java).keySet(), "structs in kernel-abi.txt vs KernelArgs");
        for (var e : java.entrySet()) {
            Map<String, Long> c = abi.get(e.getKey());
            StructLayout layout = e.getValue();
            assertEquals(c.get("size"), layout.byteSize(), e.getKey() + " size");
            Map<String, Long> javaFields = new TreeMap<>();
            for (MemoryLayout m : layout.memberLayouts()) {
                m.name().ifPresent(n -> javaFields.put(n, layout.byteOffset(groupElement(n))));
            }
            Map<String, Long> cFields = new TreeMap<>(c);
            cFields.remove("size");
            assertEquals(cFields, javaFields, e.getKey() + " field offsets");
        }
    }

    @Test
    void pointerAndIntegerFieldsHaveTheCWidths() {
        // Pointers and long long are 8 bytes, int 4: a field set with the wrong width is refused, not truncated.
        KernelArgs args = new KernelArgs(KernelArgs.GEMM, java.lang.foreign.Arena.ofAuto());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> args.set("m", 5L));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> args.set("stride_a", 5));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> args.set("no_such_field", 5));
    }

    private static Map<String, Map<String, Long>> abi() throws IOException {
        Map<String, Map<String, Long>> structs = new LinkedHashMap<>();
        try (InputStream in = CudaDevice.class.getResourceAsStream("kernel-abi.txt")) {
            assertNotNull(in, "kernel-abi.txt is missing next to the fatbin");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) continue;
                String[] p = line.trim().split("\\s+");
                if (p.length == 3 && p[1].equals("size")) {
                    structs.computeIfAbsent(p[0], k -> new LinkedHashMap<>()).put("size", Long.parseLong(p[2]));
                } else {
                    int dot = p[0].indexOf('.');
                    structs.computeIfAbsent(p[0].substring(0, dot), k -> new LinkedHashMap<>())
                            .put(p[0].substring(dot + 1), Long.parseLong(p[1]));
                }
            }
        }
        return structs;
    }
}
