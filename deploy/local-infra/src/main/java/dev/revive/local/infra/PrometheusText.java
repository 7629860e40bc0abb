package dev.revive.local.infra;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of Prometheus' text format, as tests scrape a service's {@code /q/metrics}. */
public final class PrometheusText {
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private PrometheusText() {
    }

    /**
     * The sum of the samples named {@code name} that carry at least the given labels; 0 when there are none,
     * as a counter that has not been incremented yet may be absent.
     */
    public static double sum(String exposition, String name, Map<String, String> labels) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String sampleName = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
            if (!sampleName.equals(name)) {
                continue;
            }
            Map<String, String> sampleLabels = new HashMap<>();
            String rest = line.substring(sampleName.length());
            if (rest.startsWith("{")) {
                int close = rest.lastIndexOf('}');
                Matcher m = LABEL.matcher(rest.substring(1, close));
                while (m.find()) {
                    sampleLabels.put(m.group(1), m.group(2));
                }
                rest = rest.substring(close + 1);
            }
            if (sampleLabels.entrySet().containsAll(labels.entrySet())) {
                total += Double.parseDouble(rest.trim().split("\\s+")[0]);
            }
        }
        return total;
    }

    /** Whether any sample is named {@code name}. */
    public static boolean has(String exposition, String name) {
        return exposition.lines().anyMatch(l -> l.startsWith(name + "{") || l.startsWith(name + " "));
    }
}
