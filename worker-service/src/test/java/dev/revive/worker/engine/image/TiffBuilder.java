package dev.revive.worker.engine.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes TIFF structures by hand, for tests: EXIF blobs, and TIFF files in forms the JDK cannot
 * write (predictor, sub-directories with any tag, giant declared sizes).
 */
final class TiffBuilder {

    private record Entry(int tag, int type, int count, byte[] value, TiffBuilder child) {}

    private final ByteOrder order;
    private final List<Entry> entries = new ArrayList<>();

    TiffBuilder(ByteOrder order) {
        this.order = order;
    }

    TiffBuilder ascii(int tag, String text) {
        byte[] bytes = (text + "\0").getBytes(StandardCharsets.ISO_8859_1);
        entries.add(new Entry(tag, 2, bytes.length, bytes, null));
        return this;
    }

    TiffBuilder shorts(int tag, int... values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(order);
        for (int v : values) {
            b.putShort((short) v);
        }
        entries.add(new Entry(tag, 3, values.length, b.array(), null));
        return this;
    }

    TiffBuilder longs(int tag, long... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(order);
        for (long v : values) {
            b.putInt((int) v);
        }
        entries.add(new Entry(tag, 4, values.length, b.array(), null));
        return this;
    }

    TiffBuilder rational(int tag, long numerator, long denominator) {
        ByteBuffer b = ByteBuffer.allocate(8).order(order);
        b.putInt((int) numerator).putInt((int) denominator);
        entries.add(new Entry(tag, 5, 1, b.array(), null));
        return this;
    }

    TiffBuilder bytes(int tag, int type, byte[] value) {
        entries.add(new Entry(tag, type, value.length, value.clone(), null));
        return this;
    }

    TiffBuilder directory(int tag, TiffBuilder child) {
        entries.add(new Entry(tag, 4, 1, null, child));
        return this;
    }

    /** A TIFF structure with only this directory (an EXIF blob). */
    byte[] build() {
        return build(new byte[0]);
    }

    /**
     * A TIFF file: {@code stripData} right after the header (strip offsets are 8), then the
     * directories.
     */
    byte[] build(byte[] stripData) {
        int ifdAt = 8 + stripData.length + (stripData.length & 1);
        ByteBuffer out = ByteBuffer.allocate(ifdAt + size()).order(order);
        out.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
        out.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
        out.putShort((short) 42).putInt(ifdAt).put(stripData);
        write(out, ifdAt);
        return out.array();
    }

    private List<Entry> sorted() {
        return entries.stream().sorted(Comparator.comparingInt(Entry::tag)).toList();
    }

    private int size() {
        int size = 2 + 12 * entries.size() + 4;
        for (Entry e : entries) {
            if (e.child() != null) {
                size += e.child().size();
            } else if (e.value().length > 4) {
                size += e.value().length + (e.value().length & 1);
            }
        }
        return size;
    }

    private int write(ByteBuffer out, int at) {
        List<Entry> list = sorted();
        int dataAt = at + 2 + 12 * list.size() + 4;
        out.position(at);
        out.putShort((short) list.size());
        for (Entry e : list) {
            out.putShort((short) e.tag()).putShort((short) e.type()).putInt(e.count());
            if (e.child() != null) {
                int childAt = dataAt;
                out.putInt(childAt);
                int resume = out.position();
                dataAt = e.child().write(out, childAt);
                out.position(resume);
            } else if (e.value().length <= 4) {
                out.put(e.value()).put(new byte[4 - e.value().length]);
            } else {
                out.putInt(dataAt);
                int resume = out.position();
                out.position(dataAt).put(e.value());
                dataAt += e.value().length + (e.value().length & 1);
                out.position(resume);
            }
        }
        out.putInt(0);
        return dataAt;
    }
}
