using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Platform.Data;

/// <summary>
/// Text columns that must compare and sort bytewise on both databases, as <see cref="JsonSql.Text"/> does (ADR 0006):
/// SQLite's default collation already is; PostgreSQL's column gets <c>COLLATE "C"</c>, whatever the cluster's locale.
/// Marked in the feature's configuration and resolved by the provider's DbContext, as <see cref="JsonColumns"/> are.
/// </summary>
internal static class BytewiseText
{
    private const string Marker = "Amparo:BytewiseText";

    public static PropertyBuilder<TProperty> IsBytewiseText<TProperty>(this PropertyBuilder<TProperty> property) =>
        property.HasAnnotation(Marker, true);

    /// <summary>Gives every marked column <paramref name="collation"/> (none on SQLite); the mark never reaches the model.</summary>
    public static void ApplyCollation(ModelBuilder b, string? collation)
    {
        foreach (var property in b.Model.GetEntityTypes().SelectMany(t => t.GetDeclaredProperties()))
        {
            if (property.FindAnnotation(Marker) is null) continue;
            if (collation is not null) property.SetCollation(collation);
            property.RemoveAnnotation(Marker);
        }
    }
}
