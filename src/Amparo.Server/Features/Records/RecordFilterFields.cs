using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Records;

/// <summary>How a stored answer is compared: the field's type from the form, so <c>age=7</c> compares numbers and <c>name_first=007</c> text.</summary>
internal enum FilterKind
{
    /// <summary>Text, text area, single select, radio button.</summary>
    Text,
    Number,
    /// <summary>Tick box.</summary>
    Bool,
    /// <summary>ISO dates or date-times, compared as text.</summary>
    Date,
    /// <summary>Multi-select: an array of option ids.</summary>
    Multi,
    /// <summary>Calculated values, which may be numbers, text or booleans.</summary>
    Any,
}

/// <summary>An answer the user may filter and sort on, and the modules whose records they may read it in.</summary>
internal sealed record DataField(string Name, FilterKind Kind, IReadOnlyList<string> Modules);

/// <summary>
/// The names a user may filter and sort a record list on: the system fields (promoted columns, always allowed), and
/// every answer the user may read in some module of the record type. An answer only counts in the modules where it is
/// readable — elsewhere it reads as absent — so a filter or a sort order never tells what a user may not see.
/// Unlike Primero, <c>sex</c>, <c>age</c> and <c>location_current</c> are not allowed to users who may not read them
/// (<see cref="FieldAccess"/> does not show them either).
/// </summary>
internal sealed class RecordFilterFields
{
    /// <summary>Filters on promoted columns; <see cref="RecordFilterQuery"/> knows each one's column.</summary>
    public static readonly IReadOnlySet<string> SystemFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "unique_identifier", "case_id", "short_id", "case_id_display", "record_state", "status", "workflow", "module_id",
        "owned_by", "created_by", "registration_date", "created_at", "last_updated_at", "updated_at",
        // Primero's list filters that are facts about the record rather than answers: its counters, which every reader
        // sees in a list's summary fields anyway, its alerts, its owner's agency, and the caller (my_cases: owned by or
        // assigned to the one asking).
        "flagged", "flag_count", "alert_count", "current_alert_types", "owned_by_agency_id", "my_cases",
    };

    private readonly Dictionary<string, DataField> _data;

    private readonly IReadOnlySet<string> _promoted;

    private RecordFilterFields(Dictionary<string, DataField> data, int userId, string recordType, IReadOnlySet<string> promoted)
    {
        _data = data;
        UserId = userId;
        RecordType = recordType;
        _promoted = promoted;
    }

    /// <summary>The user asking, whom <c>my_cases</c> means.</summary>
    public int UserId { get; }

    private Task<System.Linq.Expressions.Expression<Func<RecordEntity, bool>>>? _ownRole;

    /// <summary>
    /// The records on which the user reads answers under their own role (<see cref="Transitions.TransitionAccess.OwnRoleAppliesAsync"/>):
    /// asked once per request, and only by a filter, sort or count on an answer.
    /// </summary>
    public Task<System.Linq.Expressions.Expression<Func<RecordEntity, bool>>> OwnRoleAsync(AmparoDbContext db, CancellationToken ct) =>
        _ownRole ??= Transitions.TransitionAccess.OwnRoleAppliesAsync(db, UserId, ct);

    public string RecordType { get; }

    /// <summary>Whether every record's answers of this field are in <c>record_values</c>, so filters and sorts may read them there (ADR 0026).</summary>
    public bool IsPromoted(string name) => _promoted.Contains(name);

    /// <summary>Whether the user may filter on this name (a system field, or an answer they may read somewhere).</summary>
    public bool Allows(string name) => Has(name);

    public DataField? Data(string name) => _data.GetValueOrDefault(name);

    /// <summary>The field a parameter name filters on: itself, or without Primero's trailing 0–5 (<c>sex1</c> → <c>sex</c>).</summary>
    public string? Resolve(string name)
    {
        if (Has(name)) return name;
        return name.Length > 1 && name[^1] is >= '0' and <= '5' && Has(name[..^1]) ? name[..^1] : null;
    }

    private bool Has(string name) => SystemFields.Contains(name) || _data.ContainsKey(name);

    public static async Task<RecordFilterFields> LoadAsync(FieldPermissions permissions, CurrentUser user, string recordType, CancellationToken ct)
    {
        var configuration = await permissions.Catalog.SnapshotAsync(ct);
        var moduleIds = configuration.Modules.Select(m => m.UniqueId).ToList();
        var kinds = new Dictionary<string, FilterKind>(StringComparer.Ordinal);
        var modules = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var moduleId in moduleIds)
        {
            if (await permissions.ForAsync(user, moduleId, recordType, ct) is not { } access) continue;
            foreach (var name in access.Readable.Append("name"))
            {
                if (SystemFields.Contains(name) || !JsonSql.IsValidKey(name) || !access.CanRead(name)) continue;
                // A field whose type differs between modules is compared as the first module defines it.
                if (!kinds.ContainsKey(name))
                {
                    if (KindOf(name, access.Full.Find(name)) is not { } kind) continue;
                    kinds[name] = kind;
                }
                if (!modules.TryGetValue(name, out var list)) modules[name] = list = [];
                list.Add(moduleId);
            }
        }
        return new RecordFilterFields(kinds.ToDictionary(k => k.Key, k => new DataField(k.Key, k.Value, modules[k.Key]), StringComparer.Ordinal), user.Id,
            recordType, PromotedAnswers.ReadyOf(configuration, recordType));
    }

    /// <summary>Null for answers that are not one comparable value (subforms, tallies, periods, files...).</summary>
    private static FilterKind? KindOf(string name, Field? field) => field switch
    {
        null => name == "name" ? FilterKind.Text : null,
        NumericField => FilterKind.Number,
        TickBoxField => FilterKind.Bool,
        DateField => FilterKind.Date,
        SelectField { Multiple: true } => FilterKind.Multi,
        TextField or TextAreaField or SelectField or RadioField => FilterKind.Text,
        CalculatedField => FilterKind.Any,
        _ => null,
    };
}
