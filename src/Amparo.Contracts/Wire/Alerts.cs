namespace Amparo.Contracts.Wire;

/// <summary>An alert on a record (<c>GET /:type/:id/alerts</c>): what it is for and the form it points to.</summary>
public sealed record AlertJson(string AlertFor, string Type, string Date, string? FormUniqueId, string UniqueId);
