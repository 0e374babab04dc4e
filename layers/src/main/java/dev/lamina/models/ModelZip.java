package dev.lamina.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reading a model zip as the untrusted file it may be: its entry names must stay inside the archive and be unique,
 * and an entry is read only up to the size it declares, which must be within what the reader can use; so a zip bomb
 * fails after reading a bounded number of bytes, never after inflating them all.
 */
final class ModelZip {
    private static final int MAX_ENTRIES = 1024;

    private ModelZip() {
    }

    /** The entries by name, after checking every name (relative, no {@code ..}, unique) and the count. */
    static Map<String, ZipEntry> entries(ZipFile zip, Path path) {
        if (zip.size() > MAX_ENTRIES) throw bad(path, "it has " + zip.size() + " entries, expected at most " + MAX_ENTRIES);
        Map<String, ZipEntry> out = new LinkedHashMap<>();
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            ZipEntry e = en.nextElement();
            String name = e.getName();
            if (!isInside(name)) throw bad(path, "entry '" + name + "' points outside the archive (an absolute path or '..')");
            if (out.put(name, e) != null) throw bad(path, "it has two entries named '" + name + "'");
        }
        return out;
    }

    private static boolean isInside(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.indexOf('\\') >= 0 || name.indexOf(':') >= 0 || name.indexOf('\0') >= 0) return false;
        for (String part : name.split("/", -1)) if (part.equals("..")) return false;
        return true;
    }

    static ZipEntry required(Map<String, ZipEntry> entries, String name, Path path) {
        ZipEntry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("Model.load: " + path + " has no " + name + "; expected a zip of " + ModelSaving.CONFIG + ", "
                    + ModelSaving.METADATA + " and " + ModelSaving.WEIGHTS + " as written by Model.save");
        }
        return e;
    }

    /** The entry's uncompressed size as its directory record declares it, required to be known and at most {@code max}. */
    static long declaredSize(ZipEntry e, long max, Path path) {
        long size = e.getSize();
        if (size < 0) throw bad(path, "entry " + e.getName() + " does not declare its size");
        if (size > max) throw bad(path, "entry " + e.getName() + " declares " + size + " bytes, expected at most " + max);
        return size;
    }

    /** The entry's bytes: its declared size, at most {@code max}, read as a stream that stops right after it. */
    static byte[] read(ZipFile zip, ZipEntry e, long max, Path path) throws IOException {
        long size = declaredSize(e, max, path);
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readNBytes((int) size);
            if (b.length < size) throw bad(path, "entry " + e.getName() + " holds " + b.length + " bytes, it declares " + size);
            if (in.read() != -1) throw bad(path, "entry " + e.getName() + " holds more than the " + size + " bytes it declares");
            return b;
        }
    }

    private static IllegalArgumentException bad(Path path, String what) {
        return new IllegalArgumentException("Model.load: " + path + " is not a valid model file: " + what);
    }
}
