using System.Text.Json.Nodes;
using Amparo.Forms;
using Microsoft.AspNetCore.Components;

namespace Amparo.Web.Components;

/// <summary>
/// What every field of a record being edited shares: the whole record (conditions read it), the rules' latest outcome
/// (which fields are hidden), the option sources, and what to do when an answer changes or a link opens another form.
/// Cascaded from the record page to each <see cref="FormRenderer"/> and <see cref="FieldInput"/>.
/// </summary>
public sealed class FormContext
{
    public required JsonObject Record { get; init; }
    public IOptionResolver? Options { get; init; }
    public RuleOutcome? Rules { get; set; }
    /// <summary>Called after an answer changes, so the page can re-run the rules (skip logic, calculations).</summary>
    public Action? Changed { get; init; }
    /// <summary>Opens another form of the record (a <c>link_to_form</c> field).</summary>
    public Action<string>? OpenForm { get; init; }
    /// <summary>Forms the role may only read: their fields are shown, not edited.</summary>
    public Func<string, bool>? ReadOnlyForm { get; init; }
    /// <summary>The saved record's API path and id (e.g. <c>cases</c>, a UUID); null id before the first save, when files cannot be attached yet.</summary>
    public string? RecordPath { get; init; }
    public string? RecordId { get; init; }
    /// <summary>Told an upload field's new list of attachments after a file was added, removed or described (the record's version moved on too).</summary>
    public Func<string, JsonNode?, Task>? AttachmentsChanged { get; init; }
    /// <summary>
    /// Extra actions the page puts under each subform row (a referral from a service row): the renderer stays generic
    /// and the page decides, per subform and row, what to offer. Null renders nothing.
    /// </summary>
    public RenderFragment<SubformRow>? RowActions { get; init; }
}

/// <summary>One row of a subform, as given to <see cref="FormContext.RowActions"/>: the subform field's name and the row's answers.</summary>
public sealed record SubformRow(string Field, JsonObject Row);
