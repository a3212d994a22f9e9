using System.Text.Json.Nodes;
using Amparo.Server.Features.Forms;
using Amparo.Server.Features.Records;

namespace Amparo.Server.Features.Search;

/// <summary>
/// The fields each search of the record lists looks in, per record collection (<c>cases</c>, <c>incidents</c>...), as
/// Primero's client reads them from <c>system_settings</c> to say what its search box searches: the plain search
/// (<c>exact_search_fields</c>), the search by sound (<c>phonetic_search_fields</c>) and by phone number
/// (<c>phone_number_search_fields</c>, the configured fields named for a phone). Taken from the code that searches.
/// </summary>
internal static class SearchFields
{
    public static async Task<(JsonObject Exact, JsonObject Phonetic, JsonObject PhoneNumber)> ForAsync(FormCatalog catalog, CancellationToken ct)
    {
        var forms = await catalog.AllFormsAsync(ct);
        JsonObject exact = [], phonetic = [], phoneNumber = [];
        foreach (var type in RecordType.All)
        {
            exact[type.Path] = Strings(DerivedFields.SearchTextFields(type));
            phonetic[type.Path] = Strings(SearchIndex.NameFields);
            // Only answers at the top of a record are indexed (SearchIndex.TermsOf): fields of subforms are not searched.
            phoneNumber[type.Path] = Strings([.. forms.Where(f => f.ParentForm == type.Name && !f.IsNested)
                .SelectMany(f => f.Fields).Select(f => f.Name).Where(SearchIndex.IsPhoneField).Distinct(StringComparer.Ordinal)]);
        }
        return (exact, phonetic, phoneNumber);
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)v)]);
}
