using System.Text.Json.Nodes;
using Amparo.Forms;

namespace Amparo.Web.Services;

/// <summary>The forms of a module and record type, fetched once per session and read with the shared form engine.</summary>
public sealed class FormStore(ApiClient api)
{
    private readonly Dictionary<string, IReadOnlyList<FormSection>> _forms = [];

    /// <summary>Forgets the cached forms (after an administrator published a change).</summary>
    public void Forget() => _forms.Clear();

    public async Task<IReadOnlyList<FormSection>> FormsAsync(string recordType, string moduleId, CancellationToken ct = default)
    {
        var key = recordType + "|" + moduleId;
        if (_forms.TryGetValue(key, out var cached)) return cached;
        var result = await api.GetAsync($"api/v2/forms?record_type={Uri.EscapeDataString(recordType)}&module_id={Uri.EscapeDataString(moduleId)}", ct);
        if (!result.Ok) return [];
        var forms = (result.Body?["data"] as JsonArray ?? []).OfType<JsonObject>().Select(f => FormJson.ReadForm(f))
            .OrderBy(f => f.OrderFormGroup).ThenBy(f => f.Order).ToList();
        _forms[key] = forms;
        return forms;
    }
}
