using Amparo.Server.Features.Records;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Transitions;

/// <summary>
/// Turns transitions into record access (primero-domain §3.5), through the same <c>record_users</c> relations the one
/// access rule reads: a user is <see cref="RecordRelation.Referred"/> while a referral to them is in progress or
/// accepted, <see cref="RecordRelation.TransferPending"/> while a transfer to them is in progress, and the
/// <see cref="RecordRelation.Owner"/> once an assignment or transfer makes them so. Relations are recomputed from the
/// transitions rather than added and removed one by one, so a second active referral to the same user keeps their
/// access when the first ends. Runs inside the caller's transaction, projections included.
/// </summary>
internal sealed class TransitionAccess(AmparoDbContext db, AssociationStore associations)
{
    public async Task SyncAsync(RecordEntity record, IEnumerable<int?> userIds, CancellationToken ct)
    {
        var users = userIds.OfType<int>().Distinct().ToList();
        await db.SaveChangesAsync(ct);
        var active = await db.Set<Transition>()
            .Where(t => t.RecordId == record.Id && !t.Remote && t.TransitionedToUserId != null && users.Contains(t.TransitionedToUserId.Value)
                && ((t.Type == TransitionTypes.Referral && (t.Status == TransitionStatus.InProgress || t.Status == TransitionStatus.Accepted))
                    || (t.Type == TransitionTypes.Transfer && t.Status == TransitionStatus.InProgress)))
            .Select(t => new { t.Type, UserId = t.TransitionedToUserId!.Value }).ToListAsync(ct);
        var existing = await db.RecordUsers
            .Where(ru => ru.RecordId == record.Id && users.Contains(ru.UserId) && (ru.Relation == RecordRelation.Referred || ru.Relation == RecordRelation.TransferPending))
            .ToListAsync(ct);
        foreach (var user in users)
        {
            Keep(user, RecordRelation.Referred, active.Any(a => a.UserId == user && a.Type == TransitionTypes.Referral));
            Keep(user, RecordRelation.TransferPending, active.Any(a => a.UserId == user && a.Type == TransitionTypes.Transfer));
        }
        await associations.RefreshRecordsAsync([record.Id], ct);

        void Keep(int user, string relation, bool wanted)
        {
            var row = existing.FirstOrDefault(e => e.UserId == user && e.Relation == relation);
            if (wanted && row is null) associations.Add(record.Id, user, relation);
            else if (!wanted && row is not null) db.RecordUsers.Remove(row);
        }
    }

    /// <summary>
    /// Records on which <paramref name="userId"/> reads answers under their own role: all but those where they are a
    /// referred non-owner working under an authorised role (<see cref="Records.FieldPermissions.ForRecordAsync"/>). List
    /// filters and sorts on answers use it, so they cannot reveal what the authorised role hides.
    /// </summary>
    /// <remarks>
    /// Asked of the database once (has the user any such referral at all?): for the many users with none, their own
    /// role applies to every record and the per-record probe is left out of the statement. At one million cases that
    /// probe ran once per record of the scope and per answer filtered, sorted or counted (docs/performance.md). Callers
    /// take it through <see cref="Records.RecordFilterFields.OwnRoleAsync"/>, which asks once per request.
    /// </remarks>
    public static async Task<System.Linq.Expressions.Expression<Func<RecordEntity, bool>>> OwnRoleAppliesAsync(AmparoDbContext db, int userId, CancellationToken ct)
    {
        var authorised = db.Set<Transition>().Where(ActiveReferralTo(userId)).Where(t => t.AuthorizedRoleUniqueId != null);
        if (!await authorised.AnyAsync(ct)) return r => true;
        return r => r.OwnedByUserId == userId || !authorised.Any(t => t.RecordId == r.Id);
    }

    /// <summary>Referrals to the user still in force (in progress or accepted): they let the user read the record, under their authorised role if one is named.</summary>
    public static System.Linq.Expressions.Expression<Func<Transition, bool>> ActiveReferralTo(int userId) =>
        t => t.TransitionedToUserId == userId && t.Type == TransitionTypes.Referral
            && (t.Status == TransitionStatus.InProgress || t.Status == TransitionStatus.Accepted);

    /// <summary>Makes <paramref name="userId"/> the owner: the previous owner's relation goes (they keep only what their scope gives).</summary>
    public async Task ChangeOwnerAsync(RecordEntity record, int userId, string userName, CancellationToken ct)
    {
        var owners = await db.RecordUsers.Where(ru => ru.RecordId == record.Id && ru.Relation == RecordRelation.Owner).ToListAsync(ct);
        db.RecordUsers.RemoveRange(owners.Where(o => o.UserId != userId));
        if (!owners.Any(o => o.UserId == userId)) associations.Add(record.Id, userId, RecordRelation.Owner);
        record.OwnedByUserId = userId;
        record.OwnedBy = userName;
        record.OwnedByAgencyId = await RecordChanges.OwnerAgencyAsync(db, userId, ct);
    }
}
