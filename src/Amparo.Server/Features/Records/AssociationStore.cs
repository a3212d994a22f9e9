using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Records;

/// <summary>
/// Writes who is associated with a record and keeps the group and agency projections in step. Callers run
/// it inside the transaction that makes the change, so access is right the moment the change commits.
/// </summary>
internal sealed class AssociationStore(AmparoDbContext db)
{
    public void Add(Guid recordId, int userId, string relation) =>
        db.RecordUsers.Add(new RecordUser { RecordId = recordId, UserId = userId, Relation = relation });

    /// <summary>
    /// The projections of a record being created, whose only associated user is its owner: the owner's groups and agency,
    /// added to the unit of work that inserts the record (nothing to delete, nothing to read back). Returns the owner's
    /// agency's unique id, which the record carries as <c>owned_by_agency_id</c>.
    /// </summary>
    public async Task<string?> AddForNewRecordAsync(Guid recordId, int ownerId, CancellationToken ct)
    {
        var agencies = db.Agencies;
        var owner = await db.Users.Where(u => u.Id == ownerId)
            .Select(u => new { u.AgencyId, Agency = agencies.Where(a => a.Id == u.AgencyId).Select(a => a.UniqueId).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        foreach (var group in await db.UserGroupMemberships.Where(m => m.UserId == ownerId).Select(m => m.UserGroupId).Distinct().ToListAsync(ct))
            db.RecordGroups.Add(new RecordGroup { RecordId = recordId, UserGroupId = group });
        if (owner?.AgencyId is { } agency) db.RecordAgencies.Add(new RecordAgency { RecordId = recordId, AgencyId = agency });
        return owner?.Agency;
    }

    /// <summary>Recomputes the projections of records after their associations or their users' memberships changed.</summary>
    public async Task RefreshRecordsAsync(IReadOnlyCollection<Guid> recordIds, CancellationToken ct)
    {
        if (recordIds.Count == 0) return;
        await db.SaveChangesAsync(ct);
        var links = await db.RecordUsers.Where(ru => recordIds.Contains(ru.RecordId)).Select(ru => new { ru.RecordId, ru.UserId }).Distinct().ToListAsync(ct);
        var userIds = links.Select(l => l.UserId).Distinct().ToList();
        var groupsOf = (await db.UserGroupMemberships.Where(m => userIds.Contains(m.UserId)).ToListAsync(ct))
            .ToLookup(m => m.UserId, m => m.UserGroupId);
        var agencyOf = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.AgencyId, ct);

        await db.RecordGroups.Where(x => recordIds.Contains(x.RecordId)).ExecuteDeleteAsync(ct);
        await db.RecordAgencies.Where(x => recordIds.Contains(x.RecordId)).ExecuteDeleteAsync(ct);
        foreach (var record in links.GroupBy(l => l.RecordId))
        {
            foreach (var group in record.SelectMany(l => groupsOf[l.UserId]).Distinct())
                db.RecordGroups.Add(new RecordGroup { RecordId = record.Key, UserGroupId = group });
            foreach (var agency in record.Select(l => agencyOf.GetValueOrDefault(l.UserId)).OfType<int>().Distinct())
                db.RecordAgencies.Add(new RecordAgency { RecordId = record.Key, AgencyId = agency });
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>After a user's groups or agency changed: refresh every record the user is associated with.</summary>
    public async Task RefreshForUserAsync(int userId, CancellationToken ct)
    {
        var records = await db.RecordUsers.Where(ru => ru.UserId == userId).Select(ru => ru.RecordId).Distinct().ToListAsync(ct);
        await RefreshRecordsAsync(records, ct);
    }
}
