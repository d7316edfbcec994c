using System.CommandLine;

namespace Pipeline.Dev;

/// <summary>Runs a command body with the CLI's error convention: one clear line on stderr and a non-zero exit.</summary>
public static class CliAction
{
    public static Func<ParseResult, CancellationToken, Task<int>> Run(Func<ParseResult, CancellationToken, Task<int>> body) =>
        async (parse, ct) =>
        {
            try
            {
                return await body(parse, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return 130;
            }
            catch (CliException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 2;
            }
            catch (Exception e) when (e is global::Azure.RequestFailedException or IOException or InvalidOperationException or UnauthorizedAccessException or FormatException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message.Split('\n')[0].Trim()}");
                return 1;
            }
        };
}

/// <summary>A user error a command reports as one line (bad argument, missing file).</summary>
public sealed class CliException(string message) : Exception(message);
