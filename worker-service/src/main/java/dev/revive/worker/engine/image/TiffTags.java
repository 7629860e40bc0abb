package dev.revive.worker.engine.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The first directory (IFD0) of a TIFF structure, with its EXIF, GPS and interoperability
 * sub-directories, as raw entries. EXIF blobs and TIFF files share this layout; reading it here
 * lets the codec keep every tag the user sent, which ImageIO's TIFF metadata drops (XMP, IPTC).
 *
 * @param order the byte order the values are stored in
 * @param entries the entries of IFD0 in file order
 */
record TiffTags(ByteOrder order, List<Entry> entries) {

    static final int EXIF_IFD = 34665;
    static final int GPS_IFD = 34853;
    static final int INTEROP_IFD = 40965;
    static final int ORIENTATION = 274;
    static final int MODEL = 272;
    static final int DATE_TIME = 306;
    static final int DATE_TIME_ORIGINAL = 36867;

    private static final Set<Integer> SUB_IFDS = Set.of(EXIF_IFD, GPS_IFD, INTEROP_IFD);
    private static final int[] TYPE_SIZES = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4};
    private static final int MAX_ENTRIES = 4096;

    /**
     * One tag. {@code value} holds {@code count} values of {@code type} in {@link #order};
     * {@code directory} is set instead for the sub-IFD pointers.
     */
    record Entry(int tag, int type, int count, byte[] value, List<Entry> directory) {

        boolean isDirectory() {
            return directory != null;
        }
    }

    /**
     * Parses a TIFF header at the start of {@code data}.
     *
     * @throws IllegalArgumentException when the structure is malformed
     */
    static TiffTags parse(byte[] data) {
        if (data.length < 8) {
            throw new IllegalArgumentException("too short for a TIFF header");
        }
        ByteOrder order;
        if (data[0] == 'I' && data[1] == 'I') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (data[0] == 'M' && data[1] == 'M') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new IllegalArgumentException("no TIFF byte order mark");
        }
        ByteBuffer buffer = ByteBuffer.wrap(data).order(order);
        if (buffer.getShort(2) != 42) {
            throw new IllegalArgumentException("not a classic TIFF structure");
        }
        return new TiffTags(order, readDirectory(buffer, Integer.toUnsignedLong(buffer.getInt(4)),
                new HashSet<>()));
    }

    private static List<Entry> readDirectory(ByteBuffer buffer, long offset, Set<Long> seen) {
        if (offset < 8 || offset + 2 > buffer.limit() || !seen.add(offset)) {
            throw new IllegalArgumentException("directory offset " + offset + " is invalid");
        }
        int count = Short.toUnsignedInt(buffer.getShort((int) offset));
        if (count > MAX_ENTRIES || offset + 2 + 12L * count > buffer.limit()) {
            throw new IllegalArgumentException("directory at " + offset + " runs past the end");
        }
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = (int) offset + 2 + 12 * i;
            int tag = Short.toUnsignedInt(buffer.getShort(at));
            int type = Short.toUnsignedInt(buffer.getShort(at + 2));
            long valueCount = Integer.toUnsignedLong(buffer.getInt(at + 4));
            if (type <= 0 || type >= TYPE_SIZES.length) {
                continue; // unknown types cannot be copied faithfully
            }
            long size = valueCount * TYPE_SIZES[type];
            long valueAt = size <= 4 ? at + 8 : Integer.toUnsignedLong(buffer.getInt(at + 8));
            if (valueAt + size > buffer.limit()) {
                throw new IllegalArgumentException("tag " + tag + " runs past the end");
            }
            if (SUB_IFDS.contains(tag) && (type == 4 || type == 13) && valueCount == 1) {
                long child = Integer.toUnsignedLong(buffer.getInt((int) valueAt));
                entries.add(new Entry(tag, type, 1, null, readDirectory(buffer, child, seen)));
            } else {
                byte[] value = new byte[(int) size];
                buffer.get((int) valueAt, value);
                entries.add(new Entry(tag, type, (int) valueCount, value, null));
            }
        }
        return List.copyOf(entries);
    }

    Optional<Entry> find(int tag) {
        return find(entries, tag);
    }

    /** Looks in IFD0 and then in the EXIF sub-directory, where the capture date lives. */
    Optional<Entry> findDeep(int tag) {
        Optional<Entry> direct = find(tag);
        if (direct.isPresent()) {
            return direct;
        }
        return find(EXIF_IFD).filter(Entry::isDirectory).flatMap(exif -> find(exif.directory(), tag));
    }

    private static Optional<Entry> find(List<Entry> entries, int tag) {
        return entries.stream().filter(e -> e.tag() == tag).findFirst();
    }

    /** The first value of a SHORT or LONG entry. */
    Optional<Integer> integer(int tag) {
        return find(tag).filter(e -> !e.isDirectory() && e.count() >= 1).flatMap(e -> {
            ByteBuffer value = ByteBuffer.wrap(e.value()).order(order);
            return switch (e.type()) {
                case 3 -> Optional.of(Short.toUnsignedInt(value.getShort()));
                case 4 -> Optional.of(value.getInt());
                default -> Optional.empty();
            };
        });
    }

    /** An ASCII entry without its terminating NUL, from IFD0 or the EXIF sub-directory. */
    Optional<String> text(int tag) {
        return findDeep(tag).filter(e -> !e.isDirectory() && e.type() == 2).map(e -> {
            byte[] value = e.value();
            int end = 0;
            while (end < value.length && value[end] != 0) {
                end++;
            }
            return new String(value, 0, end, StandardCharsets.ISO_8859_1).trim();
        }).filter(s -> !s.isEmpty());
    }
}
