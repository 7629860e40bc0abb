package dev.revive.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a batch writes each result, as a template over the source key: {@code {path}} is the key without its
 * extension, {@code {batch}} the batch id, and the result format's extension is appended ({@code restored/{path}}
 * puts {@code archive/1950s/a.tif} at {@code restored/archive/1950s/a.tiff}). A layout never reaches an original:
 * its fixed head must lie outside the source, and outside Revive's own folders.
 */
public record DestinationLayout(String template) {
    public static final String DEFAULT = "restored/{path}";
    /** Leaves room for a source key of up to {@link Limits#MAX_KEY_LENGTH} within the same limit, most of the time. */
    public static final int MAX_TEMPLATE_LENGTH = 256;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    private static final List<String> NAMES = List.of("path", "batch");

    public static DestinationLayout orDefault(String template) {
        return new DestinationLayout(template == null ? DEFAULT : template);
    }

    /** The text before the first placeholder: every result key starts with it. */
    public String head() {
        int brace = template.indexOf('{');
        return brace < 0 ? template : template.substring(0, brace);
    }

    /** The result key of the source object {@code key}; the result keeps the source's image format. */
    public String render(String key, String batchId) {
        int slash = key.lastIndexOf('/');
        int dot = key.lastIndexOf('.');
        boolean hasExtension = dot > slash + 1;
        String path = hasExtension ? key.substring(0, dot) : key;
        String extension = hasExtension ? key.substring(dot + 1) : "";
        String suffix = formatOf(extension).map(f -> "." + f.extension())
                .orElse(extension.isEmpty() ? "" : "." + extension);
        return template.replace("{path}", path).replace("{batch}", batchId) + suffix;
    }

    private static Optional<ImageFormat> formatOf(String extension) {
        return switch (extension.toLowerCase(Locale.ROOT)) {
            case "png" -> Optional.of(ImageFormat.PNG);
            case "jpg", "jpeg" -> Optional.of(ImageFormat.JPEG);
            case "tif", "tiff" -> Optional.of(ImageFormat.TIFF);
            default -> Optional.empty();
        };
    }

    /**
     * The layout's own rules, then that its results stay clear of {@code source}: the head must not overlap the
     * source prefix nor start any listed key, so no result can land on an original or be listed as one later.
     */
    public List<Violation> validate(BatchSource source) {
        List<Violation> violations = new ArrayList<>();
        String field = "destination";
        if (template.isBlank() || template.length() > MAX_TEMPLATE_LENGTH) {
            violations.add(new Violation(field, "must be 1 to " + MAX_TEMPLATE_LENGTH + " characters"));
            return violations;
        }
        Matcher names = PLACEHOLDER.matcher(template);
        int paths = 0;
        while (names.find()) {
            if (!NAMES.contains(names.group(1))) {
                violations.add(new Violation(field, "knows only the placeholders {path} and {batch}, not {"
                        + names.group(1) + "}"));
            } else if (names.group(1).equals("path")) {
                paths++;
            }
        }
        if (paths != 1) {
            violations.add(new Violation(field, "must hold {path} once, so every object gets its own result"));
        }
        String head = head();
        String stripped = template.replaceAll("\\{[^{}]*}", "");
        if (template.startsWith("/") || template.contains("..") || template.chars().anyMatch(Character::isISOControl)
                || stripped.contains("{") || stripped.contains("}")) {
            violations.add(new Violation(field, "must be a plain relative key template (no leading '/', no '..',"
                    + " no control characters, no stray braces)"));
        } else if (head.isEmpty()) {
            violations.add(new Violation(field, "must start with a folder of its own (like 'restored/'), or results"
                    + " would lie among the originals"));
        } else if (KeyAreas.reserved(head)) {
            violations.add(new Violation(field, "must not write into Revive's own folders " + KeyAreas.RESERVED));
        } else if (source != null && source.prefix() != null
                && (head.startsWith(source.prefix()) || source.prefix().startsWith(head))) {
            violations.add(new Violation(field, "must lie outside the source prefix '" + source.prefix()
                    + "': results are never written among or over the originals"));
        } else if (source != null && source.keys() != null
                && source.keys().stream().anyMatch(k -> k != null && k.startsWith(head))) {
            violations.add(new Violation(field, "must lie outside the listed keys: '" + head
                    + "' starts one of them, and a result must never be written over an original"));
        }
        return violations;
    }
}
