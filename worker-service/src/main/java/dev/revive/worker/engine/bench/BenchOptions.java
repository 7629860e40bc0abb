package dev.revive.worker.engine.bench;

import dev.revive.worker.engine.dip.SessionOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The session switches shared by the benchmark commands, so every speed option is measured for
 * time and for quality the same way: {@code --bf16} and {@code --fp32} (the default is the worker's:
 * bfloat16 where the CPU multiplies bf16 natively), {@code --xla}, {@code --no-gpu-amp}, {@code --intra N},
 * {@code --inter N}.
 */
final class BenchOptions {

    static final String USAGE = "[--bf16 | --fp32] [--xla] [--no-gpu-amp] [--intra N] [--inter N]";

    private BenchOptions() {}

    /** Arguments may arrive joined by spaces in one string (from Maven's exec plugin). */
    static List<String> tokens(String[] args) {
        List<String> tokens = new ArrayList<>();
        for (String arg : args) {
            for (String token : arg.trim().split("\\s+")) {
                if (!token.isEmpty()) {
                    tokens.add(token);
                }
            }
        }
        return tokens;
    }

    /** Reads the session switches from {@code tokens}; everything else goes to {@code rest}. */
    static SessionOptions parse(List<String> tokens, List<String> rest) {
        SessionOptions options = SessionOptions.defaults();
        for (int i = 0; i < tokens.size(); i++) {
            switch (tokens.get(i)) {
                case "--bf16" -> options = options.withCpuBfloat16(true);
                case "--fp32" -> options = options.withCpuBfloat16(false);
                case "--xla" -> options = options.withXlaJit(true);
                case "--no-gpu-amp" -> options = options.withGpuMixedPrecision(false);
                case "--intra" -> options = options.withThreads(
                        Integer.parseInt(tokens.get(++i)), options.interOpThreads());
                case "--inter" -> options = options.withThreads(
                        options.intraOpThreads(), Integer.parseInt(tokens.get(++i)));
                default -> rest.add(tokens.get(i));
            }
        }
        return options;
    }

    static String describe(SessionOptions options) {
        return "intra" + options.intraOpThreads() + ",inter" + options.interOpThreads()
                + (options.cpuBfloat16() ? ",bf16" : "") + (options.xlaJit() ? ",xla" : "")
                + (options.gpuMixedPrecision() ? ",gpu-amp" : "");
    }
}
