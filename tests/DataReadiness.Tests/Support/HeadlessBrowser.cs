using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DataReadiness.Tests.Support;

/// <summary>
/// Debian's chromium, driven headless over the DevTools protocol, so a test can load the report at a given window
/// width and ask the laid-out page (widths, heights, anchors) what a reader would see. The report's own policy
/// forbids scripts; the protocol's evaluation is the browser's, not the page's.
/// </summary>
public sealed partial class HeadlessBrowser : IDisposable
{
    private readonly Process _process;
    private readonly ClientWebSocket _socket = new();
    private int _nextId;

    public static string? Executable => new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    public HeadlessBrowser(string workDirectory)
    {
        var info = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("chromium is not installed"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--remote-debugging-port=0",
                     $"--user-data-dir={Path.Combine(workDirectory, "chromium-" + Guid.NewGuid().ToString("N"))}", "about:blank" })
            info.ArgumentList.Add(a);
        _process = Process.Start(info)!;
        _process.StandardOutput.ReadToEndAsync();
        string? endpoint = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (endpoint is null && DateTime.UtcNow < deadline && _process.StandardError.ReadLine() is { } line)
            if (DevToolsLine().Match(line) is { Success: true } m) endpoint = m.Groups[1].Value;
        if (endpoint is null) throw new InvalidOperationException("chromium did not open its DevTools endpoint");
        _process.StandardError.ReadToEndAsync();
        var port = new Uri(endpoint).Port;
        using var http = new HttpClient();
        var targets = JsonNode.Parse(http.GetStringAsync($"http://127.0.0.1:{port}/json/list").GetAwaiter().GetResult())!.AsArray();
        var page = targets.First(t => (string?)t!["type"] == "page")!;
        _socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), CancellationToken.None).GetAwaiter().GetResult();
        Send("Page.enable");
    }

    /// <summary>Loads a file at a window width (a phone's below 600 px), waiting for its load event.</summary>
    public void Open(string path, int width, int height = 900)
    {
        Send("Emulation.setDeviceMetricsOverride", new JsonObject
        {
            ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = width < 600,
        });
        Send("Page.navigate", new JsonObject { ["url"] = new Uri(path).AbsoluteUri }, waitForEvent: "Page.loadEventFired");
    }

    /// <summary>The value of a JavaScript expression evaluated in the loaded page.</summary>
    public JsonNode? Evaluate(string expression)
    {
        var result = Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        if (result?["exceptionDetails"] is { } error) throw new InvalidOperationException($"{expression}: {error.ToJsonString()}");
        return result?["result"]?["value"];
    }

    /// <summary>The loaded page printed as the browser's print dialog prints it (A4-ish letter paper, no header or footer).</summary>
    public byte[] PrintToPdf()
    {
        var result = Send("Page.printToPDF", new JsonObject { ["printBackground"] = false, ["displayHeaderFooter"] = false });
        return Convert.FromBase64String((string)result!["data"]!);
    }

    /// <summary>How many pages a PDF has (its page objects).</summary>
    public static int PageCount(byte[] pdf) => Regex.Count(Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]");

    private JsonNode? Send(string method, JsonObject? parameters = null, string? waitForEvent = null)
    {
        int id = ++_nextId;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, timeout.Token).GetAwaiter().GetResult();
        JsonNode? reply = null;
        bool eventSeen = waitForEvent is null;
        while (reply is null || !eventSeen)
        {
            var received = Receive(timeout.Token);
            if ((int?)received["id"] == id)
            {
                if (received["error"] is { } error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
                reply = received["result"] ?? new JsonObject();
            }
            else if ((string?)received["method"] == waitForEvent) eventSeen = true;
        }
        return reply;
    }

    private JsonNode Receive(CancellationToken cancel)
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = _socket.ReceiveAsync(buffer, cancel).GetAwaiter().GetResult();
            message.Write(buffer, 0, result.Count);
        } while (!result.EndOfMessage);
        return JsonNode.Parse(message.ToArray())!;
    }

    public void Dispose()
    {
        try { _socket.Dispose(); } catch (ObjectDisposedException) { }
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _process.Dispose();
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevToolsLine();
}
