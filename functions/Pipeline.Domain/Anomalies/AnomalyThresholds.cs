using System.Text.Json.Serialization;
using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Anomalies;

/// <summary>
/// The thresholds of every anomaly check, one record per check that has thresholds, in the order of
/// <see cref="AnomalyChecks.All"/>. The program carries them in its <c>anomalies</c> block (each check's object under
/// its key) so finance tunes them at the annual refresh; <see cref="Reference"/> holds every record's defaults, the
/// reference program's values. Shares are fractions (0.25 = 25%).
/// </summary>
[JsonConverter(typeof(AnomalyThresholdsJsonConverter))]
public sealed class AnomalyThresholds : IEquatable<AnomalyThresholds>
{
    private readonly CheckThresholds[] _checks;

    private AnomalyThresholds(CheckThresholds[] checks) => _checks = checks;

    /// <summary>The reference program's thresholds: every check's defaults.</summary>
    public static AnomalyThresholds Reference { get; } = new([.. AnomalyChecks.WithThresholds.Select(c => c.Reference!)]);

    /// <summary>Every check's thresholds, in the checks' order.</summary>
    public IReadOnlyList<CheckThresholds> Checks => _checks;

    /// <summary>One check's thresholds: <c>thresholds.Of&lt;BenfordThresholds&gt;().MinDeals</c>.</summary>
    public T Of<T>() where T : CheckThresholds => (T)_checks[AnomalyChecks.ThresholdsIndexOf(typeof(T))];

    /// <summary>These thresholds with the given checks' records instead of theirs.</summary>
    public AnomalyThresholds With(params CheckThresholds[] changes)
    {
        var checks = _checks.ToArray();
        foreach (var change in changes) checks[AnomalyChecks.ThresholdsIndexOf(change.GetType())] = change;
        return new AnomalyThresholds(checks);
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> on the first broken rule of any check (see
    /// <see cref="CheckThresholds.Validate"/>).</summary>
    public void Validate()
    {
        foreach (var check in _checks) check.Validate();
    }

    /// <summary>The program reader's: one record per check with thresholds, in the checks' order.</summary>
    internal static AnomalyThresholds From(IReadOnlyList<CheckThresholds> checks)
    {
        if (checks.Count != AnomalyChecks.WithThresholds.Count
            || checks.Where((c, i) => AnomalyChecks.ThresholdsIndexOf(c.GetType()) != i).Any())
            throw new ArgumentException("One thresholds record per check is needed, in the checks' order.", nameof(checks));
        return new AnomalyThresholds([.. checks]);
    }

    public bool Equals(AnomalyThresholds? other) => other is not null && _checks.AsSpan().SequenceEqual(other._checks);

    public override bool Equals(object? obj) => obj is AnomalyThresholds other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var check in _checks) hash.Add(check);
        return hash.ToHashCode();
    }

    public override string ToString() => string.Join(", ", _checks.Select(c => c.ToString()));
}
