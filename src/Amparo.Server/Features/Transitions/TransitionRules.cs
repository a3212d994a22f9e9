using System.Text.Json.Nodes;
using Amparo.Forms;

namespace Amparo.Server.Features.Transitions;

/// <summary>The pure rules of transitions: which status changes each kind allows, and what consent each needs.</summary>
internal static class TransitionRules
{
    private static readonly Dictionary<string, Dictionary<string, string[]>> Allowed = new(StringComparer.Ordinal)
    {
        [TransitionTypes.Assign] = [],
        [TransitionTypes.Referral] = new(StringComparer.Ordinal)
        {
            [TransitionStatus.InProgress] = [TransitionStatus.Accepted, TransitionStatus.Rejected, TransitionStatus.Revoked],
            [TransitionStatus.Accepted] = [TransitionStatus.Done, TransitionStatus.Revoked],
        },
        [TransitionTypes.Transfer] = new(StringComparer.Ordinal)
        {
            [TransitionStatus.InProgress] = [TransitionStatus.Accepted, TransitionStatus.Rejected, TransitionStatus.Revoked],
        },
        [TransitionTypes.TransferRequest] = new(StringComparer.Ordinal)
        {
            [TransitionStatus.InProgress] = [TransitionStatus.Accepted, TransitionStatus.Rejected],
        },
    };

    /// <summary>May a transition of this kind go from <paramref name="from"/> to <paramref name="to"/>? (Staying put is a no-op, not a change.)</summary>
    public static bool Allows(string type, string from, string to) =>
        Allowed.TryGetValue(type, out var edges) && edges.TryGetValue(from, out var targets) && targets.Contains(to);

    public const string GbvModule = "primeromodule-gbv";

    /// <summary>
    /// The record's consent for this kind (contract §2.6): a referral needs <c>consent_for_services</c> (GBV) or also
    /// <c>disclosure_other_orgs</c> (other modules); a transfer <c>consent_for_services</c> (GBV) or
    /// <c>disclosure_other_orgs</c> (others); assignments and transfer requests need none.
    /// </summary>
    public static bool HasConsent(string type, string moduleId, JsonObject document)
    {
        bool Given(string key) => JsonRead.Bool(document, key) == true;
        var gbv = moduleId == GbvModule;
        return type switch
        {
            TransitionTypes.Referral => gbv ? Given("consent_for_services") : Given("disclosure_other_orgs") && Given("consent_for_services"),
            TransitionTypes.Transfer => gbv ? Given("consent_for_services") : Given("disclosure_other_orgs"),
            _ => true,
        };
    }

    /// <summary>The alert a recipient gets (primero-domain §7.1): <c>alert_for</c> and the form it points to.</summary>
    public static (string AlertFor, string Form)? AlertOf(string type) => type switch
    {
        TransitionTypes.Referral => ("referral", "referral"),
        TransitionTypes.Transfer => ("transfer", "transfers_assignments"),
        TransitionTypes.TransferRequest => ("transfer_request", "transfer_request"),
        _ => null,
    };
}
