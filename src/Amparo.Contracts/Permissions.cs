namespace Amparo.Contracts;

/// <summary>How a role's granted actions answer "may it do this": the action itself, or <c>manage</c> on the resource.</summary>
public static class Permissions
{
    public const string Manage = "manage";

    public static bool Grants(IReadOnlyCollection<string> grantedActions, string action) =>
        grantedActions.Contains(action) || grantedActions.Contains(Manage);
}
