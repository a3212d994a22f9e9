namespace Amparo.Server.Features.Approvals;

/// <summary>The approval ids, and the record keys each one keeps.</summary>
internal static class ApprovalFields
{
    public const string Subforms = "approval_subforms";
    public const string Requested = "requested";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Pending = "pending";
    public const string AlertFor = "approval";

    public static readonly IReadOnlyList<string> Ids = ["assessment", "case_plan", "closure", "action_plan", "gbv_closure"];

    /// <summary>The approvals that carry a sub-type (Primero's <c>case_plan_approval_type</c>).</summary>
    public static readonly IReadOnlySet<string> Typed = new HashSet<string>(StringComparer.Ordinal) { "case_plan", "action_plan" };

    public static string Status(string id) => $"approval_status_{id}";

    public static IEnumerable<string> KeysOf(string id) =>
        [Status(id), $"{id}_approved", $"{id}_approved_date", $"{id}_approved_comments", .. Typed.Contains(id) ? new[] { $"{id}_approval_type" } : []];

    /// <summary>Every approval key: written only by <see cref="ApprovalChange"/>, shown with the record like its other system keys.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>([Subforms, .. Ids.SelectMany(KeysOf)], StringComparer.Ordinal);
}
