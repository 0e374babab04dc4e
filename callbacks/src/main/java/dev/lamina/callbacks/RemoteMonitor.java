package dev.lamina.callbacks;

import dev.lamina.training.Callback;
import dev.lamina.training.Logs;
import dev.lamina.utils.PyRepr;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * POSTs the logs of every epoch to a server (Keras' {@code RemoteMonitor}): {@code {"epoch": 0, "loss": ...}}
 * (0-based epoch first, then the logs in order, numbers as Python's {@code json.dumps} writes them), sent as the
 * form field {@code field=<json>} or, with {@code sendAsJson}, as an {@code application/json} body, to
 * {@code root + path} with the given headers. Training never fails because of the server: an unreachable host, a
 * timeout or an error status is logged as a warning (once per kind of failure) and training goes on.
 */
public final class RemoteMonitor extends Callback {
    private static final System.Logger LOG = System.getLogger("dev.lamina.callbacks");
    private final String root;
    private final String path;
    private final String field;
    private final Map<String, String> headers;
    private final boolean sendAsJson;
    private Duration timeout = Duration.ofSeconds(5);
    private HttpClient client;
    private final Set<String> warned = Collections.synchronizedSet(new HashSet<>());

    /** Keras' defaults: {@code http://localhost:9000}, {@code /publish/epoch/end/}, field {@code data}, form-encoded. */
    public RemoteMonitor() {
        this("http://localhost:9000", "/publish/epoch/end/", "data", Map.of(), false);
    }

    public RemoteMonitor(String root, String path, String field, Map<String, String> headers, boolean sendAsJson) {
        if (root == null || root.isEmpty()) throw new IllegalArgumentException("RemoteMonitor: expected a root URL, received '" + root + "'");
        URI uri;
        try {
            uri = URI.create(root + (path == null ? "" : path));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("RemoteMonitor: expected root + path to be a URL, received '" + root + (path == null ? "" : path) + "'", e);
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new IllegalArgumentException("RemoteMonitor: expected an http or https root, received root='" + root + "'");
        }
        if (!sendAsJson && (field == null || field.isEmpty())) {
            throw new IllegalArgumentException("RemoteMonitor: expected a non-empty field for form-encoded sends, received field='" + field + "'");
        }
        this.root = root;
        this.path = path == null ? "" : path;
        this.field = field;
        this.headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.sendAsJson = sendAsJson;
    }

    /** How long to wait for the connection and for the answer (5 s by default). */
    public RemoteMonitor timeout(Duration t) {
        if (t == null || t.isNegative() || t.isZero()) throw new IllegalArgumentException("RemoteMonitor: expected a positive timeout, received " + t);
        timeout = t;
        client = null;
        return this;
    }

    public String url() {
        return root + path;
    }

    @Override
    public void onEpochEnd(int epoch, Logs logs) {
        String json = payload(epoch, logs);
        String body = sendAsJson ? json : URLEncoder.encode(field, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
        HttpRequest.Builder req;
        try {
            req = HttpRequest.newBuilder(URI.create(url())).timeout(timeout)
                    .header("Content-Type", sendAsJson ? "application/json" : "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            headers.forEach(req::header);
        } catch (IllegalArgumentException e) {
            warnOnce("request", "RemoteMonitor: cannot build a request to " + url() + ": " + e.getMessage());
            return;
        }
        try {
            HttpResponse<Void> r = client().send(req.build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() >= 400) warnOnce("status " + r.statusCode(), "RemoteMonitor: " + url() + " answered HTTP " + r.statusCode());
        } catch (HttpConnectTimeoutException e) {
            warnOnce("connect timeout", "RemoteMonitor: could not reach RemoteMonitor root server at " + root + " (connect timed out after " + timeout + ")");
        } catch (HttpTimeoutException e) {
            warnOnce("timeout", "RemoteMonitor: " + url() + " did not answer within " + timeout);
        } catch (IOException e) {
            warnOnce("unreachable", "RemoteMonitor: could not reach RemoteMonitor root server at " + root + " (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            warnOnce("interrupted", "RemoteMonitor: interrupted while sending to " + url());
        }
    }

    /** {@code {"epoch": 0, "loss": 2.3, ...}} with Python's {@code json.dumps} separators and number forms. */
    static String payload(int epoch, Logs logs) {
        StringBuilder sb = new StringBuilder("{\"epoch\": ").append(epoch);
        for (Map.Entry<String, Double> e : logs.asMap().entrySet()) {
            if (e.getKey().equals("epoch")) continue;
            sb.append(", ");
            quote(sb, e.getKey());
            sb.append(": ");
            Double v = e.getValue();
            if (v == null) sb.append("null");
            else if (v.isNaN()) sb.append("NaN");
            else if (v.isInfinite()) sb.append(v > 0 ? "Infinity" : "-Infinity");
            else sb.append(PyRepr.repr((double) v));
        }
        return sb.append('}').toString();
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));   // json.dumps ensure_ascii
            else sb.append(c);
        }
        sb.append('"');
    }

    private HttpClient client() {
        if (client == null) client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        return client;
    }

    private void warnOnce(String kind, String message) {
        if (warned.add(kind)) LOG.log(System.Logger.Level.WARNING, message);
    }
}
