package dev.lamina.callbacks.tensorboard;

import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of event files: {@code uint64 length}, {@code uint32 masked_crc32c(length)},
 * {@code data}, {@code uint32 masked_crc32c(data)}, all little-endian. CRC-32C is the Castagnoli polynomial;
 * the mask (rotate right by 15, add a constant) keeps a CRC of data that itself holds CRCs well distributed.
 */
final class TfRecord {
    private static final int MASK_DELTA = 0xA282EAD8;

    private TfRecord() {
    }

    /** The framed record for {@code data}. */
    static byte[] frame(byte[] data) {
        byte[] record = new byte[8 + 4 + data.length + 4];
        long length = data.length;
        for (int i = 0; i < 8; i++) {
            record[i] = (byte) (length >>> (8 * i));
        }
        putInt(record, 8, maskedCrc32c(record, 0, 8));
        System.arraycopy(data, 0, record, 12, data.length);
        putInt(record, 12 + data.length, maskedCrc32c(data, 0, data.length));
        return record;
    }

    static int maskedCrc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return mask((int) crc.getValue());
    }

    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }

    private static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
