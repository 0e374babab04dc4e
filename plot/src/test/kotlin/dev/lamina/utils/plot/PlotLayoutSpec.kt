package dev.lamina.utils.plot

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.doubles.shouldBeGreaterThan
import io.kotest.matchers.doubles.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class PlotLayoutSpec : FunSpec({
    val fixtures = listOf(
        "experiment6" to PlotFixtures.experiment6(),
        "mlp" to PlotFixtures.mlp(),
        "residual" to PlotFixtures.residual(),
        "inception" to PlotFixtures.inception(),
        "crossing" to PlotFixtures.crossing(),
    ) + (1..6).map { "random$it" to PlotFixtures.randomDag(it, 8 + 3 * it, 0.25) }

    test("ranks are the longest path from a source") {
        val exp6 = GraphRenderer.layout(PlotFixtures.experiment6(), "TB")
        exp6.ranks.toList() shouldBe listOf(0, 0, 1, 1, 2, 2, 3, 4, 4)
        GraphRenderer.layout(PlotFixtures.residual(), "TB").ranks.toList() shouldBe listOf(0, 1, 2, 3, 4)
        for ((name, g) in fixtures) {
            withClue(name) { GraphRenderer.layout(g, "TB").ranks.toList() shouldBe longestPathRanks(g) }
        }
    }

    for (rankdir in listOf("TB", "LR")) {
        test("$rankdir: no two boxes overlap, and ranks never share a band") {
            for ((name, g) in fixtures) {
                val layout = GraphRenderer.layout(g, rankdir)
                val boxes = layout.boxes
                for (i in boxes.indices) for (j in i + 1 until boxes.size) {
                    withClue("$name: ${g.id(i)} vs ${g.id(j)}") { boxes[i].overlaps(boxes[j]) shouldBe false }
                    if (layout.ranks[i] < layout.ranks[j]) {
                        withClue("$name: ${g.id(i)} must end before ${g.id(j)} starts") {
                            along(boxes[i], rankdir).second shouldBeLessThanOrEqual along(boxes[j], rankdir).first
                        }
                    }
                }
                for (b in boxes) {
                    b.x() shouldBeGreaterThan 0.0
                    b.y() shouldBeGreaterThan 0.0
                    (b.x() + b.w()) shouldBeLessThanOrEqual layout.width
                    (b.y() + b.h()) shouldBeLessThanOrEqual layout.height
                }
            }
        }

        test("$rankdir: every edge runs forward from its source's far side into its target's near side") {
            for ((name, g) in fixtures) {
                val layout = GraphRenderer.layout(g, rankdir)
                for (e in 0 until g.edgeCount()) {
                    val src = layout.boxes[g.edgeFrom(e)]
                    val dst = layout.boxes[g.edgeTo(e)]
                    val path = layout.routes[e].path()
                    val arrow = layout.routes[e].arrow()
                    withClue("$name edge ${g.id(g.edgeFrom(e))}->${g.id(g.edgeTo(e))}") {
                        // Every point, control points included, moves forward along the main axis.
                        val alongs = path.indices.filter { it % 2 == (if (rankdir == "TB") 1 else 0) }.map { path[it] }
                        alongs.zipWithNext().all { (a, b) -> b >= a - 1e-9 } shouldBe true
                        alongs.first() shouldBe along(src, rankdir).second
                        (if (rankdir == "TB") arrow[1] else arrow[0]) shouldBe along(dst, rankdir).first
                        val tipAcross = if (rankdir == "TB") arrow[0] else arrow[1]
                        val (lo, hi) = across(dst, rankdir)
                        (tipAcross > lo && tipAcross < hi) shouldBe true
                    }
                }
            }
        }

        test("$rankdir: edges pass no box except their own two ends") {
            for ((name, g) in fixtures) {
                val layout = GraphRenderer.layout(g, rankdir)
                for (e in 0 until g.edgeCount()) {
                    val points = sample(layout.routes[e].path())
                    for (v in layout.boxes.indices) {
                        if (v == g.edgeFrom(e) || v == g.edgeTo(e)) continue
                        val b = layout.boxes[v]
                        val hit = points.firstOrNull { (x, y) -> x > b.x() && x < b.x() + b.w() && y > b.y() && y < b.y() + b.h() }
                        withClue("$name edge ${g.id(g.edgeFrom(e))}->${g.id(g.edgeTo(e))} enters ${g.id(v)} at $hit") { hit shouldBe null }
                    }
                }
            }
        }
    }

    test("barycenter ordering removes avoidable crossings") {
        // Insertion order alone gives the crossing fixture one crossing; a random DAG is a sanity check of the counter.
        (crossings(PlotFixtures.randomDag(1, 11, 0.25)) > 0) shouldBe true
        crossings(PlotFixtures.crossing()) shouldBe 0
        crossings(PlotFixtures.experiment6()) shouldBe 0
        crossings(PlotFixtures.residual()) shouldBe 0
        crossings(PlotFixtures.inception()) shouldBe 0
    }

    test("a chain is drawn as one straight column") {
        val g = PlotFixtures.mlp()
        val layout = GraphRenderer.layout(g, "TB")
        layout.boxes.map { it.x() + it.w() / 2 }.distinct().size shouldBe 1
        for (r in layout.routes) r.path().filterIndexed { i, _ -> i % 2 == 0 }.distinct().size shouldBe 1
        val lr = GraphRenderer.layout(g, "LR")
        lr.boxes.map { it.y() + it.h() / 2 }.distinct().size shouldBe 1
        (lr.width > lr.height) shouldBe true
        (layout.height > layout.width) shouldBe true
    }

    test("a shared producer sits centred over its consumers, a merge centred under its producers") {
        val layout = GraphRenderer.layout(PlotFixtures.experiment6(), "TB")
        fun centre(i: Int) = layout.boxes[i].x() + layout.boxes[i].w() / 2
        // concatenate (6) between its two pooling producers (4, 5) and over its two heads (7, 8).
        (centre(6) - (centre(4) + centre(5)) / 2) shouldBe (0.0 plusOrMinus 1.0)
        (centre(6) - (centre(7) + centre(8)) / 2) shouldBe (0.0 plusOrMinus 1.0)
    }

    test("boxes grow with their text") {
        val short = GraphRenderer.layout(PlotGraph().addNode("a", listOf("a", "Dense")), "TB").boxes[0]
        val long = GraphRenderer.layout(PlotGraph().addNode("a", listOf("a_very_long_layer_name_indeed", "Dense")), "TB").boxes[0]
        val rows = GraphRenderer.layout(PlotGraph().addNode("a", listOf("a", "Dense", "input: (None, 3)", "output: (None, 4)")), "TB").boxes[0]
        long.w() shouldBeGreaterThan short.w()
        rows.h() shouldBeGreaterThan short.h()
    }

    test("layout is deterministic") {
        val a = GraphRenderer.layout(PlotFixtures.randomDag(3, 20, 0.2), "TB")
        val b = GraphRenderer.layout(PlotFixtures.randomDag(3, 20, 0.2), "TB")
        a.boxes.toList() shouldBe b.boxes.toList()
        a.routes.map { it.path().toList() } shouldBe b.routes.map { it.path().toList() }
    }

    test("bad graphs and arguments are rejected with a clear message") {
        shouldThrow<IllegalArgumentException> {
            GraphRenderer.layout(PlotGraph().addNode("a", listOf("a")).addNode("b", listOf("b")).addEdge("a", "b").addEdge("b", "a"), "TB")
        }.message shouldContain "cycle"
        shouldThrow<IllegalArgumentException> { PlotGraph().addNode("a", listOf("a")).addEdge("a", "zzz") }.message shouldContain "toId='zzz'"
        shouldThrow<IllegalArgumentException> { PlotGraph().addNode("a", listOf("a")).addNode("a", listOf("b")) }.message shouldContain "duplicate id='a'"
        shouldThrow<IllegalArgumentException> { PlotGraph().addNode("a", listOf("a")).addEdge("a", "a") }.message shouldContain "self-loop"
        shouldThrow<IllegalArgumentException> { GraphRenderer.layout(PlotFixtures.mlp(), "BT") }.message shouldContain "rankdir=BT"
        shouldThrow<IllegalArgumentException> { GraphRenderer.layout(PlotGraph(), "TB") }.message shouldContain "0 nodes"
    }

    test("a node added with no lines shows its id, and rankdir ignores case") {
        val g = PlotGraph().addNode("lonely", emptyList())
        g.lines("lonely") shouldBe listOf("lonely")
        GraphRenderer.layout(g, "lr").boxes.size shouldBe 1
    }
})

/** The box's extent on the rank axis. */
private fun along(b: Layout.Box, rankdir: String) =
    if (rankdir == "TB") b.y() to b.y() + b.h() else b.x() to b.x() + b.w()

private fun across(b: Layout.Box, rankdir: String) =
    if (rankdir == "TB") b.x() to b.x() + b.w() else b.y() to b.y() + b.h()

/** An independent longest-path ranking by repeated relaxation. */
private fun longestPathRanks(g: PlotGraph): List<Int> {
    val rank = IntArray(g.nodeCount())
    repeat(g.nodeCount()) {
        for (e in 0 until g.edgeCount()) rank[g.edgeTo(e)] = maxOf(rank[g.edgeTo(e)], rank[g.edgeFrom(e)] + 1)
    }
    return rank.toList()
}

/** Points along a path of cubic segments (see Canvas.curve). */
private fun sample(path: DoubleArray): List<Pair<Double, Double>> {
    val out = mutableListOf(path[0] to path[1])
    var x0 = path[0]
    var y0 = path[1]
    var i = 2
    while (i < path.size) {
        for (k in 1..40) {
            val t = k / 40.0
            val u = 1 - t
            val x = u * u * u * x0 + 3 * u * u * t * path[i] + 3 * u * t * t * path[i + 2] + t * t * t * path[i + 4]
            val y = u * u * u * y0 + 3 * u * u * t * path[i + 1] + 3 * u * t * t * path[i + 3] + t * t * t * path[i + 5]
            out += x to y
        }
        x0 = path[i + 4]
        y0 = path[i + 5]
        i += 6
    }
    return out
}

/** Pairs of edges whose drawn curves intersect. */
private fun crossings(g: PlotGraph): Int {
    val layout = GraphRenderer.layout(g, "TB")
    val lines = layout.routes.map { sample(it.path()) }
    var c = 0
    for (i in lines.indices) for (j in i + 1 until lines.size) if (intersect(lines[i], lines[j])) c++
    return c
}

private fun intersect(a: List<Pair<Double, Double>>, b: List<Pair<Double, Double>>): Boolean {
    fun side(p: Pair<Double, Double>, q: Pair<Double, Double>, r: Pair<Double, Double>) =
        Math.signum((q.first - p.first) * (r.second - p.second) - (q.second - p.second) * (r.first - p.first))
    fun within(p: Pair<Double, Double>, q: Pair<Double, Double>, r: Pair<Double, Double>) =
        r.first in minOf(p.first, q.first)..maxOf(p.first, q.first) && r.second in minOf(p.second, q.second)..maxOf(p.second, q.second)
    for ((p1, p2) in a.zipWithNext()) for ((q1, q2) in b.zipWithNext()) {
        val d1 = side(p1, p2, q1)
        val d2 = side(p1, p2, q2)
        val d3 = side(q1, q2, p1)
        val d4 = side(q1, q2, p2)
        if (d1 * d2 < 0 && d3 * d4 < 0) return true
        // Touching counts too (symmetric S-curves meet exactly at a sample point).
        if (d1 == 0.0 && within(p1, p2, q1) || d2 == 0.0 && within(p1, p2, q2) ||
            d3 == 0.0 && within(q1, q2, p1) || d4 == 0.0 && within(q1, q2, p2)) return true
    }
    return false
}
