using System.Linq.Expressions;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Users;

namespace Amparo.Server.Features.Records;

/// <summary>
/// THE access rule: one expression answers both "may this user open this record" (compiled and run on
/// the loaded row) and "which records are in this user's list" (translated to SQL). Never two rules.
/// Today: superusers and <c>all</c>-scoped users see every record of the tenant, everyone else the
/// records they own. Group, agency, assignment and referral scopes extend this same expression.
/// </summary>
internal static class RecordAccess
{
    public static Expression<Func<RecordEntity, bool>> Rule(CurrentUser user)
    {
        if (user.IsSuperuser || user.GroupPermission == Scopes.All) return r => true;
        var userId = user.Id;
        return r => r.OwnedByUserId == userId;
    }

    public static bool CanAccess(CurrentUser user, RecordEntity record) => Rule(user).Compile(preferInterpretation: true)(record);
}
