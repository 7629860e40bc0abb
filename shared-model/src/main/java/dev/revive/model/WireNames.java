package dev.revive.model;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parsing of the lower-case wire names of the contract enums, with an error that says what is accepted. */
final class WireNames {
    private WireNames() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, E[] values, Function<E, String> wireName, String name) {
        for (E value : values) {
            if (wireName.apply(value).equals(name)) {
                return value;
            }
        }
        String accepted = Arrays.stream(values).map(wireName).collect(Collectors.joining(", "));
        throw new IllegalArgumentException(
                "unknown " + type.getSimpleName().toLowerCase() + " '" + name + "'; accepted: " + accepted);
    }
}
