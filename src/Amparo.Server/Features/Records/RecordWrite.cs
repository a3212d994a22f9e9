using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Forms;

namespace Amparo.Server.Features.Records;

/// <summary>
/// The form engine on a write, the same for create and update: keep only answers the role may write, check their
/// types, options and ranges, merge them (Primero's PATCH rules), then apply the module's rules to the whole record —
/// answers to fields hidden by skip logic are dropped, calculated fields and tally totals recomputed — and check
/// required answers and conditional options. A write that sends an answer to a hidden field is refused naming the
/// field; a calculated value sent (Primero's client sends the ones it computed) is replaced by the server's result.
/// Primero enforces these rules only in its browser client.
/// </summary>
internal sealed class RecordWrite(OptionCatalog options, FormCatalog forms, TimeProvider clock, TextLimits limits)
{
    internal sealed record Outcome(IReadOnlyList<string> Changed, IReadOnlyList<string> Errors, long FormVersion = 0);

    /// <summary>Applies <paramref name="data"/> to <paramref name="document"/> in place; on errors the caller must not save.</summary>
    public async Task<Outcome> ApplyAsync(JsonObject document, JsonObject data, FieldAccess access, CancellationToken ct)
    {
        var input = RecordValidator.Sanitize(data, access.Writable);
        // Approval keys change only through the approval state machine, even if a configured form offers one as a field.
        foreach (var key in Approvals.ApprovalFields.All) input.Remove(key);
        var resolver = await options.ForAsync(access.Full, ct);
        // The latest calendar day anywhere on Earth (UTC+14): a "not in the future" date typed today is accepted everywhere.
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(14));
        var typeErrors = RecordValidator.ValidateTypes(input, access.Writable, resolver, today, limits);
        if (typeErrors.Count > 0) return new([], [.. typeErrors.Select(e => e.Path)]);

        var changed = RecordMerge.Apply(document, input).ToList();
        var rules = RecordRules.Apply(document, access.Full);
        foreach (var key in rules.Cleared.Concat(rules.Computed))
            if (!changed.Contains(key)) changed.Add(key);

        // Only what the role may write is held against the rules: other keys were dropped as Primero drops them.
        var sent = new JsonObject([.. data.Where(kv => access.Writable.Find(kv.Key) is not null && !Approvals.ApprovalFields.All.Contains(kv.Key)).Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone()))]);
        var errors = RecordValidator.ValidateAgainstRules(sent, access.Full, rules)
            .Concat(RecordValidator.ValidateRequired(document, access.Writable, rules))
            .Concat(RecordValidator.ValidateOfferedOptions(input, document, access.Full, resolver))
            .Select(e => e.Path).Distinct().ToList();
        return new(changed, errors, await forms.CurrentVersionAsync(ct));
    }
}
