package dev.revive.storage;

/** An object as a listing or a stat sees it: its key, ETag (without quotes) and size. */
public record StoredObject(String key, String eTag, long size) {

    /** S3 quotes ETags; the quotes are not part of the value. */
    static String unquoted(String eTag) {
        if (eTag == null) {
            return "";
        }
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")
                ? eTag.substring(1, eTag.length() - 1) : eTag;
    }
}
