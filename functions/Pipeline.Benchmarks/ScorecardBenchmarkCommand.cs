using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Pipeline.Azure;
using Pipeline.Access;
using Pipeline.LocalHost;
using Pipeline.Dev;

namespace Pipeline.Benchmarks;

/// <summary>
/// <c>benchmark scorecard</c>: one partner's scorecard as its page polls it, with 50 drops and then with many (the
/// baseline and the figure, same run, same app), and many partners' browsers asking at once. On a temporary Azurite with
/// the demo's data; the extra drops are one-deal files of 2026Q3 uploaded and ingested through the running app.
/// </summary>
public static class ScorecardBenchmarkCommand
{
    private const string Partner = "contoso-resale";
    private const string Quarter = "2026Q3";

    public static Command Create()
    {
        var drops = new Option<int>("--drops") { Description = "Drops of the partner for the second measurement.", DefaultValueFactory = _ => 2000 };
        var concurrent = new Option<int>("--concurrent") { Description = "Scorecard requests sent at once.", DefaultValueFactory = _ => 200 };
        var command = new Command("scorecard", "A partner's scorecard (304 poll, JSON, page) with 50 drops and with --drops, and --concurrent requests at once (targets: 304 < 50 ms, page < 300 ms median, p99 < 2 s).") { drops, concurrent };
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            await using var storage = await CliStorage.EphemeralAsync(ct);
            await SampleData.IngestAsync(storage.ConnectionString, ct);
            await using var web = await LocalApp.StartAsync(storage.ConnectionString, cancellationToken: ct);
            var key = (await web.Get<ApiKeyStore>().IssuePartnerKeyAsync(Partner, cancellationToken: ct)).Key;
            var cookie = await web.SignInAsync(key, ct);
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromMinutes(5) };

            foreach (var target in new[] { 50, parse.GetValue(drops) })
            {
                var watch = Stopwatch.StartNew();
                var added = await DropUntilAsync(web, target, ct);
                Console.WriteLine($"{Partner}: {target:N0} drops ({added:N0} added and ingested in {watch.Elapsed.TotalSeconds:N1} s)");
                await MeasureAsync(http, web, key, cookie, target, ct);
            }

            var n = parse.GetValue(concurrent);
            var times = new double[n];
            var all = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, n).Select(async i =>
            {
                var w = Stopwatch.StartNew();
                using var request = Request(web, $"/api/partners/{Partner}/scorecard?quarter={Quarter}", key, null);
                using var response = await http.SendAsync(request, ct);
                await response.Content.ReadAsByteArrayAsync(ct);
                if (response.StatusCode != HttpStatusCode.OK) throw new CliException($"scorecard answered {(int)response.StatusCode}");
                times[i] = w.Elapsed.TotalMilliseconds;
            }));
            Array.Sort(times);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{n} concurrent scorecards (JSON, {parse.GetValue(drops):N0} drops): median {times[n / 2]:N1} ms, p99 {times[(int)Math.Ceiling(n * 0.99) - 1]:N1} ms, all in {all.Elapsed.TotalMilliseconds:N0} ms"));
            return 0;
        }));
        return command;
    }

    /// <summary>Uploads one-deal drops until the partner has <paramref name="target"/> audited drops; returns how many it added.</summary>
    private static async Task<int> DropUntilAsync(LocalApp web, int target, CancellationToken ct)
    {
        var audit = web.Get<AuditLedger>();
        var have = (await audit.ReadAsync(Partner, ct)).Count;
        var toAdd = Math.Max(0, target - have);
        var drops = web.Get<StorageAccount>().Container(Names.Drops);
        await Parallel.ForEachAsync(Enumerable.Range(have, toAdd), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (i, token) =>
        {
            var csv = string.Create(CultureInfo.InvariantCulture,
                $"deal_id,close_date,customer_id,product,quantity,list_amount,net_amount,currency,status,refund_date\nBENCH-{i:D5},2026-08-{1 + i % 28:D2},C-{i % 97},Suite,1,100.00,90.00,USD,won,\n");
            await drops.GetBlobClient($"{Partner}/deals/bench-{i:D5}.csv").UploadAsync(BinaryData.FromString(csv), token);
        });
        while ((await audit.ReadAsync(Partner, ct)).Count < target) await Task.Delay(500, ct);
        return toAdd;
    }

    private static async Task MeasureAsync(HttpClient http, LocalApp web, string key, string cookie, int drops, CancellationToken ct)
    {
        var json = $"/api/partners/{Partner}/scorecard?quarter={Quarter}";
        // The first request after new drops builds the scorecard; the ones after it find it kept.
        var build = Stopwatch.StartNew();
        using var firstRequest = Request(web, json, key, null);
        using var first = await http.SendAsync(firstRequest, ct);
        await first.Content.ReadAsByteArrayAsync(ct);
        var built = build.Elapsed.TotalMilliseconds;
        var etag = first.Headers.ETag?.Tag ?? throw new CliException("the scorecard answered without an ETag");
        var poll = await TimeAsync(http, () => Request(web, json, key, etag), HttpStatusCode.NotModified, ct);
        var data = await TimeAsync(http, () => Request(web, json, key, null), HttpStatusCode.OK, ct);
        var page = await TimeAsync(http, () => Request(web, $"/partners/{Partner}?quarter={Quarter}", null, null, cookie), HttpStatusCode.OK, ct);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{drops:N0} drops: first scorecard after the drops (built) {built:N0} ms; then 304 poll median {poll.Median:N1} ms (slowest {poll.Max:N1}), scorecard JSON median {data.Median:N1} ms, page median {page.Median:N1} ms (slowest {page.Max:N1}); 20 requests each after one warm-up"));
    }

    private static async Task<(double Median, double Max)> TimeAsync(HttpClient http, Func<HttpRequestMessage> request, HttpStatusCode expected, CancellationToken ct)
    {
        var times = new List<double>();
        for (var i = 0; i <= 20; i++)
        {
            using var message = request();
            var watch = Stopwatch.StartNew();
            using var response = await http.SendAsync(message, ct);
            await response.Content.ReadAsByteArrayAsync(ct);
            if (response.StatusCode != expected) throw new CliException($"{message.RequestUri} answered {(int)response.StatusCode}, not {(int)expected}");
            if (i > 0) times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[times.Count / 2], times[^1]);
    }

    private static HttpRequestMessage Request(LocalApp web, string path, string? key, string? etag, string? cookie = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, web.BaseUrl + path);
        if (key is not null) request.Headers.Add("x-api-key", key);
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        return request;
    }
}
