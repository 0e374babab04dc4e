package dev.lamina.models.keras

import dev.lamina.tensor.io.Json
import io.jhdf.HdfFile
import io.jhdf.api.Dataset
import io.jhdf.api.Group
import java.nio.file.Path
import java.util.zip.ZipFile

/** Reading the generated Keras files (test resources) and Lamina-written ones for structure checks. */
object KerasFiles {
    fun resource(name: String): Path = Path.of(KerasFiles::class.java.getResource("/keras/$name")!!.toURI())

    /** The zip's entries in file order with their bytes and compression methods. */
    fun entries(f: Path): List<Triple<String, Int, ByteArray>> = ZipFile(f.toFile()).use { z ->
        z.entries().toList().map { Triple(it.name, it.method, z.getInputStream(it).readAllBytes()) }
    }

    fun entry(f: Path, name: String): ByteArray = entries(f).first { it.first == name }.third

    fun json(bytes: ByteArray): Map<*, *> = Json.parse(String(bytes, Charsets.UTF_8)) as Map<*, *>

    /** Every dataset of an HDF5 file by path, with its dimensions. */
    fun datasets(bytes: ByteArray): Map<String, List<Int>> = HdfFile.fromBytes(bytes).use { f ->
        val out = sortedMapOf<String, List<Int>>()
        fun walk(g: Group, prefix: String) {
            for ((name, node) in g.children) {
                val path = if (prefix.isEmpty()) name else "$prefix/$name"
                when (node) {
                    is Dataset -> out[path] = node.dimensions.toList()
                    is Group -> walk(node, path)
                }
            }
        }
        walk(f, "")
        out
    }

    /** One dataset's values, flattened (float32 arrays and scalars, int64 scalars as doubles). */
    fun values(bytes: ByteArray, path: String): DoubleArray = HdfFile.fromBytes(bytes).use { f ->
        val out = ArrayList<Double>()
        fun flatten(o: Any?) {
            when (o) {
                is FloatArray -> o.forEach { out.add(it.toDouble()) }
                is Array<*> -> o.forEach { flatten(it) }
                is Number -> out.add(o.toDouble())
                else -> error("unexpected HDF5 data $o at $path")
            }
        }
        flatten(f.getDatasetByPath(path).data)
        out.toDoubleArray()
    }

    /** The string attribute {@code name} of a group. */
    fun nameAttribute(bytes: ByteArray, path: String): Any? = HdfFile.fromBytes(bytes).use { f ->
        (f.getByPath(path) as Group).getAttribute("name")?.data
    }
}
