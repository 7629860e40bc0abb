package dev.revive.worker.engine.dip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the processor offers that changes which precision is faster. bfloat16 pays only with AMX tiles:
 * with AVX-512 bf16 alone the casts cost more than the narrower convolutions save (measured in the
 * performance doc), with AMX a step takes 0.6 of its float32 time.
 */
public final class CpuFeatures {

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static final boolean AMX_BFLOAT16 = hasFlag(read(CPUINFO), "amx_bf16");

    private CpuFeatures() {}

    /** Whether this machine's CPU has AMX bfloat16 tiles (Linux only; false where it cannot tell). */
    public static boolean amxBfloat16() {
        return AMX_BFLOAT16;
    }

    /** Whether the first {@code flags} line of a {@code /proc/cpuinfo} text lists {@code flag}. */
    static boolean hasFlag(String cpuinfo, String flag) {
        return cpuinfo.lines()
                .filter(line -> line.startsWith("flags"))
                .findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).trim().split("\\s+"))
                .map(flags -> Arrays.asList(flags).contains(flag))
                .orElse(false);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | SecurityException e) {
            return "";
        }
    }
}
