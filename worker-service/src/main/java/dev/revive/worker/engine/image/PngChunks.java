package dev.revive.worker.engine.image;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.InflaterInputStream;

/**
 * The ancillary PNG chunks that describe the picture rather than its encoding (colour profile
 * and gamma, text, time, density, EXIF), copied byte for byte so the result carries them too.
 *
 * @param carried whole chunks (length, type, data, CRC) in file order
 */
record PngChunks(List<byte[]> carried) {

    /** Chunks that stay true whatever the new pixel layout; tRNS, sBIT, bKGD, PLTE do not. */
    private static final Set<String> CARRIED =
            Set.of("iCCP", "sRGB", "gAMA", "cHRM", "tEXt", "zTXt", "iTXt", "tIME", "pHYs", "eXIf");
    private static final int SIGNATURE = 8;
    private static final long MAX_TEXT = 1 << 20;
    private static final long MAX_PROFILE = 16 << 20;

    /** Reads the chunk list; a damaged list yields what was read before the damage. */
    static PngChunks read(byte[] png) {
        List<byte[]> carried = new ArrayList<>();
        int at = SIGNATURE;
        while (at + 12 <= png.length) {
            long length = Integer.toUnsignedLong(ByteBuffer.wrap(png, at, 4).getInt());
            if (at + 12 + length > png.length) {
                break;
            }
            String type = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
            if (CARRIED.contains(type)) {
                carried.add(Arrays.copyOfRange(png, at, at + 12 + (int) length));
            }
            if (type.equals("IEND")) {
                break;
            }
            at += 12 + (int) length;
        }
        return new PngChunks(List.copyOf(carried));
    }

    /**
     * Puts the carried chunks right after IHDR (every one of them may stand before IDAT), in place
     * of any the writer made of the same type.
     */
    byte[] insertInto(byte[] written) {
        int afterHeader = SIGNATURE + 12 + ByteBuffer.wrap(written, SIGNATURE, 4).getInt();
        ByteArrayOutputStream out = new ByteArrayOutputStream(written.length + 4096);
        out.write(written, 0, afterHeader);
        for (byte[] chunk : carried) {
            out.write(chunk, 0, chunk.length);
        }
        int at = afterHeader;
        while (at + 12 <= written.length) {
            int length = ByteBuffer.wrap(written, at, 4).getInt();
            String type = new String(written, at + 4, 4, StandardCharsets.ISO_8859_1);
            if (first(type) == null) {
                out.write(written, at, 12 + length);
            }
            at += 12 + length;
        }
        return out.toByteArray();
    }

    /** The raw EXIF (a TIFF structure) of the eXIf chunk, or null. */
    byte[] exif() {
        byte[] chunk = first("eXIf");
        return chunk == null ? null : data(chunk);
    }

    /** The ICC profile of the iCCP chunk, inflated, or null. */
    byte[] iccProfile() {
        byte[] chunk = first("iCCP");
        if (chunk == null) {
            return null;
        }
        byte[] data = data(chunk);
        int nul = indexOf(data, 0, (byte) 0);
        if (nul < 0 || nul + 2 > data.length) {
            return null;
        }
        return inflate(data, nul + 2, MAX_PROFILE);
    }

    /**
     * Keyword to text of the tEXt, zTXt and iTXt chunks (latest wins). XMP travels in an iTXt
     * chunk under the keyword "XML:com.adobe.xmp".
     */
    Map<String, String> text() {
        Map<String, String> text = new LinkedHashMap<>();
        for (byte[] chunk : carried) {
            String type = new String(chunk, 4, 4, StandardCharsets.ISO_8859_1);
            byte[] data = data(chunk);
            int nul = indexOf(data, 0, (byte) 0);
            if (nul <= 0) {
                continue;
            }
            String keyword = new String(data, 0, nul, StandardCharsets.ISO_8859_1);
            byte[] value = switch (type) {
                case "tEXt" -> Arrays.copyOfRange(data, nul + 1, data.length);
                case "zTXt" -> nul + 2 <= data.length ? inflate(data, nul + 2, MAX_TEXT) : null;
                case "iTXt" -> internationalText(data, nul);
                default -> null;
            };
            if (value != null) {
                text.put(keyword, new String(value, type.equals("iTXt")
                        ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
            }
        }
        return text;
    }

    /** keyword NUL flag method language NUL translated NUL text. */
    private static byte[] internationalText(byte[] data, int nul) {
        if (nul + 3 > data.length) {
            return null;
        }
        boolean compressed = data[nul + 1] != 0;
        int language = indexOf(data, nul + 3, (byte) 0);
        int translated = language < 0 ? -1 : indexOf(data, language + 1, (byte) 0);
        if (translated < 0) {
            return null;
        }
        return compressed ? inflate(data, translated + 1, MAX_TEXT)
                : Arrays.copyOfRange(data, translated + 1, data.length);
    }

    private byte[] first(String type) {
        for (byte[] chunk : carried) {
            if (new String(chunk, 4, 4, StandardCharsets.ISO_8859_1).equals(type)) {
                return chunk;
            }
        }
        return null;
    }

    private static byte[] data(byte[] chunk) {
        return Arrays.copyOfRange(chunk, 8, chunk.length - 4);
    }

    private static int indexOf(byte[] data, int from, byte value) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** Inflates at most {@code limit} bytes, so a zip bomb in a text chunk cannot fill memory. */
    private static byte[] inflate(byte[] data, int from, long limit) {
        try (InflaterInputStream in =
                new InflaterInputStream(new ByteArrayInputStream(data, from, data.length - from))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > limit) {
                    return null;
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            return null;
        }
    }
}
