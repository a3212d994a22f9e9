using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Platform.Data;

/// <summary>
/// JSON document columns, whose type depends on the provider (<c>jsonb</c> on PostgreSQL, <c>TEXT</c> on SQLite).
/// Entity configurations live in their features and are found by <c>ApplyConfigurationsFromAssembly</c>, which
/// only builds parameterless classes, so they cannot be handed the provider. Instead they mark a column with
/// <see cref="IsJsonDocument{TProperty}"/>, and once every configuration has run the provider's DbContext gives
/// each marked column its type and drops the mark, leaving the same model as a direct <c>HasColumnType</c>.
/// </summary>
internal static class JsonColumns
{
    private const string Marker = "Amparo:JsonDocument";

    /// <summary>Stores this property as a JSON document, in the provider's JSON column type.</summary>
    public static PropertyBuilder<TProperty> IsJsonDocument<TProperty>(this PropertyBuilder<TProperty> property) =>
        property.HasAnnotation(Marker, true);

    /// <summary>Gives every marked column <paramref name="columnType"/>; the mark itself never reaches the model.</summary>
    public static void ApplyColumnType(ModelBuilder b, string columnType)
    {
        foreach (var property in b.Model.GetEntityTypes().SelectMany(t => t.GetDeclaredProperties()))
        {
            if (property.FindAnnotation(Marker) is null) continue;
            property.SetColumnType(columnType);
            property.RemoveAnnotation(Marker);
        }
    }
}
