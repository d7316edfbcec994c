using System.Text.Json;
using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Anomalies;

/// <summary>
/// One anomaly check: its code in findings, its severity, its block of the program's <c>anomalies</c> section with
/// its thresholds, and its rule. <see cref="AnomalyChecks.All"/> lists every check; the detector, the program reader
/// and the program writer know no check by name.
/// </summary>
internal abstract class AnomalyCheck
{
    /// <summary>The check's id as findings, the lake and statements carry it (<c>price_erosion</c>).</summary>
    public abstract string Code { get; }

    /// <summary>The severity of every finding of the check; a high one holds the partner's payout.</summary>
    public abstract AnomalySeverity Severity { get; }

    /// <summary>The check's object in the program's <c>anomalies</c> block; null for a check without thresholds.</summary>
    public virtual string? ProgramKey => null;

    /// <summary>The reference program's thresholds; null for a check without thresholds.</summary>
    public virtual CheckThresholds? Reference => null;

    /// <summary>
    /// False (the default): a program without the check's object does not load, so no check is forgotten at a refresh.
    /// True for a check added after programs were stored: the programs stored before it, and the closes' manifests
    /// that froze them, still load, and the check runs with <see cref="Reference"/> under them.
    /// </summary>
    public virtual bool ReferenceWhenAbsent => false;

    /// <summary>Reads the check's object of the program file (the values' rules are <see cref="CheckThresholds"/>'s).</summary>
    internal virtual CheckThresholds? Read(JsonObjectReader o) => null;

    /// <summary>The check's findings over the run's partners, in any order: the detector sorts them.</summary>
    internal abstract IEnumerable<AnomalyFinding> Evaluate(AnomalyRun run, AnomalyThresholds thresholds);
}

/// <summary>A check with thresholds of its own, read from and written to the program under <see cref="ProgramKey"/>.</summary>
internal abstract class AnomalyCheck<T> : AnomalyCheck where T : CheckThresholds
{
    public abstract override string ProgramKey { get; }

    public abstract override T Reference { get; }

    internal abstract override T Read(JsonObjectReader o);

    internal sealed override IEnumerable<AnomalyFinding> Evaluate(AnomalyRun run, AnomalyThresholds thresholds) =>
        Find(run, thresholds.Of<T>());

    internal abstract IEnumerable<AnomalyFinding> Find(AnomalyRun run, T thresholds);
}

/// <summary>A check that looks at one partner's quarter at a time: at most one finding per partner.</summary>
internal abstract class PartnerCheck<T> : AnomalyCheck<T> where T : CheckThresholds
{
    internal sealed override IEnumerable<AnomalyFinding> Find(AnomalyRun run, T thresholds) =>
        run.Partners.Select(p => Check(p, thresholds)).OfType<AnomalyFinding>();

    internal abstract AnomalyFinding? Check(PartnerQuarter p, T thresholds);
}

/// <summary>
/// What the checks of one run look at: the partners' quarters, sorted by partner, and, when the close checks its
/// partners in batches, the reporters of every deal id reported by several partners among all of them.
/// </summary>
internal sealed record AnomalyRun(IReadOnlyList<PartnerQuarter> Partners, IReadOnlyDictionary<string, List<string>>? Duplicates);

/// <summary>
/// The thresholds of one check: a record whose defaults are the reference program's values and whose properties are
/// the check's object in the program file (camelCase: <c>MinShare</c> is <c>minShare</c>). Its rules are the only
/// validation: the program reader reports each broken one at its path, <see cref="Validate"/> throws on the first.
/// </summary>
public abstract record CheckThresholds
{
    /// <summary>The rules the values must meet, stated with <see cref="ThresholdRules"/>.</summary>
    internal abstract void Rules(ThresholdRules rules);

    /// <summary>The broken rules, at most one per property, in the order stated.</summary>
    internal IReadOnlyList<ThresholdProblem> Problems()
    {
        var rules = new ThresholdRules();
        Rules(rules);
        return rules.Problems;
    }

    /// <summary>
    /// Refuses values under which the check would fire on everything or on nothing without anyone noticing, for
    /// thresholds built by hand; a program file with such values does not load.
    /// </summary>
    public void Validate()
    {
        var key = AnomalyChecks.ForThresholds(GetType()).ProgramKey;
        foreach (var problem in Problems())
            throw new ArgumentOutOfRangeException($"{key}.{problem.Property}", $"Anomaly threshold {key}.{problem.Property} must be {problem.Rule}.");
    }
}

/// <summary>A broken rule: the property as the program file names it, and what it must be.</summary>
internal readonly record struct ThresholdProblem(string Property, string Rule);

/// <summary>Collects the broken rules of one check's thresholds, named as the program file names them.</summary>
internal sealed class ThresholdRules
{
    private readonly List<ThresholdProblem> _problems = [];

    public IReadOnlyList<ThresholdProblem> Problems => _problems;

    /// <param name="property">The record's property (<c>nameof(MinShare)</c>).</param>
    /// <param name="rule">What it must be, completing "must be …".</param>
    public void Require(bool ok, string property, string rule)
    {
        var name = JsonNamingPolicy.CamelCase.ConvertName(property);
        if (!ok && !_problems.Exists(p => p.Property == name)) _problems.Add(new ThresholdProblem(name, rule));
    }

    /// <summary>A share of something (0.25 = 25%): above 0, at most 1.</summary>
    public void Share(decimal value, string property) => Require(value is > 0m and <= 1m, property, "greater than 0 and at most 1");
}
