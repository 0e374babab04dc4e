package dev.lamina.callbacks

import com.sun.net.httpserver.HttpServer
import dev.lamina.Lamina
import dev.lamina.layers.Dense
import dev.lamina.layers.Input
import dev.lamina.models.Model
import dev.lamina.optimizers.SGD
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.io.Json
import dev.lamina.training.FitOptions
import dev.lamina.training.Logs
import dev.lamina.utils.PyRepr
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.URLDecoder
import java.time.Duration
import java.util.Collections

/** RemoteMonitor posts each epoch's logs as Keras does, to a real local HTTP server, and never breaks training. */
class RemoteMonitorSpec : FunSpec({
    data class Request(val method: String, val path: String, val contentType: String?, val headers: Map<String, String?>, val body: String)

    fun model(): Model {
        Lamina.clearSession()
        Lamina.setRandomSeed(1)
        val i = Input.of(4)
        val m = Model.of(i, Dense(1).apply(i))
        m.compile(SGD(0.05), "mse", "mae")
        return m
    }
    val x = Tensor.uniform(Shape.of(40, 4), 0f, 1f, 3)
    val y = Tensor.uniform(Shape.of(40, 1), 0f, 1f, 4)

    fun <T> withServer(status: Int, block: (String, List<Request>) -> T): T {
        val received = Collections.synchronizedList(mutableListOf<Request>())
        val server = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0)
        server.createContext("/") { ex ->
            val body = ex.requestBody.readBytes().toString(Charsets.UTF_8)
            received += Request(ex.requestMethod, ex.requestURI.path, ex.requestHeaders.getFirst("Content-Type"),
                mapOf("X-Token" to ex.requestHeaders.getFirst("X-Token")), body)
            ex.sendResponseHeaders(status, -1)
            ex.close()
        }
        server.start()
        try {
            return block("http://127.0.0.1:${server.address.port}", received)
        } finally {
            server.stop(0)
        }
    }

    test("form-encoded: one POST per epoch to root + path with data=<json of epoch and logs>") {
        withServer(200) { root, received ->
            val h = model().fit(x, y, FitOptions.defaults().batchSize(10).epochs(3).validationSplit(0.25).verbose(0)
                .callbacks(RemoteMonitor(root, "/publish/epoch/end/", "data", mapOf("X-Token" to "abc"), false)))
            received.size shouldBe 3
            for ((e, r) in received.withIndex()) {
                r.method shouldBe "POST"
                r.path shouldBe "/publish/epoch/end/"
                r.contentType shouldBe "application/x-www-form-urlencoded"
                r.headers["X-Token"] shouldBe "abc"
                r.body.substringBefore('=') shouldBe "data"
                val json = URLDecoder.decode(r.body.substringAfter('='), Charsets.UTF_8)
                val expected = "{\"epoch\": $e" + h.history().entries.joinToString("") { (k, v) -> ", \"$k\": ${PyRepr.repr(v[e])}" } + "}"
                json shouldBe expected
                (Json.parse(json) as Map<*, *>)["val_loss"] shouldBe h.get("val_loss")[e]
            }
        }
    }

    test("send_as_json: the body is the JSON itself") {
        withServer(200) { root, received ->
            model().fit(x, y, FitOptions.defaults().batchSize(10).epochs(2).verbose(0)
                .callbacks(RemoteMonitor(root, "/metrics", "ignored", mapOf(), true)))
            received.map { it.contentType } shouldBe listOf("application/json", "application/json")
            received.map { (Json.parse(it.body) as Map<*, *>)["epoch"] } shouldBe listOf(0L, 1L)
            received[0].body shouldContain "\"learning_rate\": 0.05000000074505806"
        }
    }

    test("a server answering 500 and a closed port do not stop training") {
        withServer(500) { root, received ->
            val h = model().fit(x, y, FitOptions.defaults().batchSize(10).epochs(2).verbose(0).callbacks(RemoteMonitor(root, "/", "data", mapOf(), false)))
            h.epoch() shouldBe listOf(0, 1)
            received.size shouldBe 2
        }
        val port = ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1")).use { it.localPort }   // now closed
        val monitor = RemoteMonitor("http://127.0.0.1:$port", "/publish/epoch/end/", "data", mapOf(), false).timeout(Duration.ofSeconds(2))
        val warnings = Collections.synchronizedList(mutableListOf<String>())
        val handler = object : java.util.logging.Handler() {
            override fun publish(r: java.util.logging.LogRecord) { if (r.level == java.util.logging.Level.WARNING) warnings += r.message }
            override fun flush() {}
            override fun close() {}
        }
        val jul = java.util.logging.Logger.getLogger("dev.lamina.callbacks")
        jul.addHandler(handler)
        try {
            val h = model().fit(x, y, FitOptions.defaults().batchSize(10).epochs(3).verbose(0).callbacks(monitor))
            h.epoch() shouldBe listOf(0, 1, 2)
        } finally {
            jul.removeHandler(handler)
        }
        warnings.size shouldBe 1                       // once per kind of failure, not once per epoch
        warnings[0] shouldContain "could not reach RemoteMonitor root server at http://127.0.0.1:$port"
    }

    test("the payload follows json.dumps: epoch first, Python float repr, NaN; Keras' defaults") {
        RemoteMonitor.payload(4, Logs.of("loss", 0.25, "acc", Double.NaN, "lr", 1e-5)) shouldBe
            "{\"epoch\": 4, \"loss\": 0.25, \"acc\": NaN, \"lr\": 1e-05}"
        RemoteMonitor().url() shouldBe "http://localhost:9000/publish/epoch/end/"
    }

    test("bad arguments name the argument") {
        shouldThrow<IllegalArgumentException> { RemoteMonitor("ftp://x", "/", "data", mapOf(), false) }.message!! shouldContain "root='ftp://x'"
        shouldThrow<IllegalArgumentException> { RemoteMonitor("", "/", "data", mapOf(), false) }.message!! shouldContain "root URL"
        shouldThrow<IllegalArgumentException> { RemoteMonitor("http://h", "/", "", mapOf(), false) }.message!! shouldContain "field=''"
        shouldThrow<IllegalArgumentException> { RemoteMonitor().timeout(Duration.ZERO) }.message!! shouldContain "timeout"
    }
})
