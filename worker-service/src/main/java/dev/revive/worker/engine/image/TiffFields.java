package dev.revive.worker.engine.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.ExifParentTIFFTagSet;
import javax.imageio.plugins.tiff.ExifTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.plugins.tiff.TIFFTag;
import javax.imageio.plugins.tiff.TIFFTagSet;

/**
 * Turns the descriptive tags of a source TIFF back into metadata for the JDK's TIFF writer.
 *
 * <p>Only tags that describe the picture are copied (camera, dates, EXIF, GPS, ICC, XMP, IPTC,
 * resolution); tags that describe the old pixel layout or point into the old file are not, since
 * the writer lays the pixels out anew.
 */
final class TiffFields {

    /** IFD0 tags worth keeping; EXIF and GPS sub-directories are copied whole. */
    static final Set<Integer> CARRIED = Set.of(
            269, 270, 271, 272, 274, 282, 283, 285, 296, 305, 306, 315, 316, 318, 319,
            700, 33432, 33723, 34377, TiffTags.EXIF_IFD, 34675, TiffTags.GPS_IFD);

    static final int ICC_PROFILE = 34675;
    static final int XMP = 700;

    private static final TIFFTagSet[] TAG_SETS = {
        BaselineTIFFTagSet.getInstance(), ExifParentTIFFTagSet.getInstance()
    };

    private TiffFields() {}

    /** The carried subset of a TIFF file's IFD0. */
    static List<TiffTags.Entry> carried(TiffTags tags) {
        return tags.entries().stream().filter(e -> CARRIED.contains(e.tag())).toList();
    }

    static IIOMetadata metadata(List<TiffTags.Entry> entries, ByteOrder order) {
        TIFFDirectory directory = new TIFFDirectory(TAG_SETS, null);
        for (TiffTags.Entry entry : entries) {
            directory.addTIFFField(field(entry, order, TAG_SETS));
        }
        return directory.getAsMetadata();
    }

    private static TIFFField field(TiffTags.Entry entry, ByteOrder order, TIFFTagSet[] sets) {
        TIFFTag known = null;
        for (TIFFTagSet set : sets) {
            known = known != null ? known : set.getTag(entry.tag());
        }
        if (entry.isDirectory() && known != null && known.isIFDPointer()) {
            TIFFTagSet[] childSets = {known.getTagSet(), ExifTIFFTagSet.getInstance()};
            TIFFDirectory child = new TIFFDirectory(childSets, known);
            for (TiffTags.Entry inner : entry.directory()) {
                child.addTIFFField(field(inner, order, childSets));
            }
            // the offset is a placeholder: the writer lays the directory out and points at it
            return new TIFFField(known, TIFFTag.TIFF_IFD_POINTER, 8L, child);
        }
        TIFFTag tag = known != null && known.isDataTypeOK(entry.type()) && !known.isIFDPointer()
                ? known
                : new TIFFTag("Tag" + entry.tag(), entry.tag(), 1 << entry.type());
        return new TIFFField(tag, entry.type(), count(entry), values(entry, order));
    }

    private static int count(TiffTags.Entry entry) {
        return entry.type() == TIFFTag.TIFF_ASCII ? strings(entry.value()).length : entry.count();
    }

    private static Object values(TiffTags.Entry entry, ByteOrder order) {
        ByteBuffer in = ByteBuffer.wrap(entry.value()).order(order);
        int n = entry.count();
        switch (entry.type()) {
            case TIFFTag.TIFF_BYTE, TIFFTag.TIFF_SBYTE, TIFFTag.TIFF_UNDEFINED:
                return entry.value().clone();
            case TIFFTag.TIFF_ASCII:
                return strings(entry.value());
            case TIFFTag.TIFF_SHORT: {
                char[] out = new char[n];
                for (int i = 0; i < n; i++) {
                    out[i] = in.getChar();
                }
                return out;
            }
            case TIFFTag.TIFF_SSHORT: {
                short[] out = new short[n];
                for (int i = 0; i < n; i++) {
                    out[i] = in.getShort();
                }
                return out;
            }
            case TIFFTag.TIFF_LONG, TIFFTag.TIFF_IFD_POINTER: {
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = Integer.toUnsignedLong(in.getInt());
                }
                return out;
            }
            case TIFFTag.TIFF_SLONG: {
                int[] out = new int[n];
                for (int i = 0; i < n; i++) {
                    out[i] = in.getInt();
                }
                return out;
            }
            case TIFFTag.TIFF_RATIONAL: {
                long[][] out = new long[n][2];
                for (int i = 0; i < n; i++) {
                    out[i][0] = Integer.toUnsignedLong(in.getInt());
                    out[i][1] = Integer.toUnsignedLong(in.getInt());
                }
                return out;
            }
            case TIFFTag.TIFF_SRATIONAL: {
                int[][] out = new int[n][2];
                for (int i = 0; i < n; i++) {
                    out[i][0] = in.getInt();
                    out[i][1] = in.getInt();
                }
                return out;
            }
            case TIFFTag.TIFF_FLOAT: {
                float[] out = new float[n];
                for (int i = 0; i < n; i++) {
                    out[i] = in.getFloat();
                }
                return out;
            }
            case TIFFTag.TIFF_DOUBLE: {
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = in.getDouble();
                }
                return out;
            }
            default:
                throw new IllegalArgumentException("TIFF type " + entry.type());
        }
    }

    /** ASCII values are NUL-separated strings; the writer adds the terminators back. */
    private static String[] strings(byte[] value) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= value.length; i++) {
            if (i == value.length || value[i] == 0) {
                if (i > start || i < value.length) {
                    out.add(new String(value, start, i - start, StandardCharsets.ISO_8859_1));
                }
                start = i + 1;
            }
        }
        return out.isEmpty() ? new String[] {""} : out.toArray(String[]::new);
    }
}
