package io.eventweave.agent.output;

import java.io.OutputStream;
import java.util.Arrays;

/** A growable byte array the encoder writes whole lines into; reused for every batch (no copies per event). */
final class LineBuffer extends OutputStream {
    private byte[] bytes;
    private int size;

    LineBuffer(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }

    byte[] array() {
        return bytes;
    }

    int size() {
        return size;
    }

    /** Forgets everything after {@code length} (drops a partly encoded line). */
    void truncate(int length) {
        size = length;
    }

    void reset() {
        size = 0;
    }
}
