package dev.revive.worker.engine.dip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the processor offers that changes which precision is faster. bfloat16 pays only where the CPU
 * multiplies bf16 natively: a step took 0.63x its float32 time with AMX tiles and 0.69x with AVX-512 bf16
 * dot products, but 1.6x on an AVX-512 CPU with neither, where oneDNN emulates bf16 (performance doc).
 */
public final class CpuFeatures {

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static final boolean NATIVE_BFLOAT16 = nativeBfloat16(read(CPUINFO));

    private CpuFeatures() {}

    /**
     * Whether this machine's CPU multiplies bfloat16 natively, with AMX tiles or AVX-512 bf16 instructions
     * (Linux only; false where it cannot tell).
     */
    public static boolean nativeBfloat16() {
        return NATIVE_BFLOAT16;
    }

    static boolean nativeBfloat16(String cpuinfo) {
        return hasFlag(cpuinfo, "amx_bf16") || hasFlag(cpuinfo, "avx512_bf16");
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
