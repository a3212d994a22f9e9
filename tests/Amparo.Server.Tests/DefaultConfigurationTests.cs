using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Forms;

namespace Amparo.Server.Tests;

/// <summary>Amparo's own default configuration: three modules, every form acceptable to the form builder's own checks.</summary>
public abstract class DefaultConfigurationTests(AmparoServer server)
{
    [Fact]
    public async Task Modules_CpGbvAndMrm_ComeWithTheirRecordTypesFormsAndOptions()
    {
        var modules = (await (await server.AsAdmin().GetAsync("/api/v2/primero_modules")).OkBodyAsync())["data"]!.AsArray()
            .ToDictionary(m => m!["unique_id"].Str(), m => m!.AsObject());
        Assert.Equal(["case"], modules["primeromodule-cp"]["associated_record_types"]!.AsArray().Select(t => t.Str()));
        Assert.Equal(["case", "incident"], modules["primeromodule-gbv"]["associated_record_types"]!.AsArray().Select(t => t.Str()));
        Assert.Equal(["incident"], modules["primeromodule-mrm"]["associated_record_types"]!.AsArray().Select(t => t.Str()));
        Assert.True(modules["primeromodule-gbv"]["module_options"]!["user_group_filter"]!.GetValue<bool>());

        var forms = (await (await server.AsAdmin().GetAsync("/api/v2/forms?module_id=primeromodule-mrm")).OkBodyAsync())["data"]!.AsArray();
        Assert.NotEmpty(forms);
        Assert.All(forms, f => Assert.Equal("incident", f!["parent_form"].Str()));
        var identity = (await (await server.AsAdmin().GetAsync("/api/v2/forms?module_id=primeromodule-gbv&record_type=case")).OkBodyAsync())["data"]!.AsArray();
        Assert.DoesNotContain(identity.SelectMany(f => f!["fields"]!.AsArray()), f => f!["name"].Str() is "name_first" or "name_last");
    }

    [Fact]
    public async Task EveryDefaultForm_PassesTheChecksAnAdministratorsFormWould()
    {
        var rows = (await (await server.AsAdmin().GetAsync("/api/v2/forms")).OkBodyAsync())["data"]!.AsArray().Select(f => f!.AsObject()).ToList();
        var lookups = (await (await server.AsAdmin().GetAsync("/api/v2/lookups?per=1000")).OkBodyAsync())["data"]!.AsArray()
            .Select(l => l!["unique_id"].Str()).ToHashSet(StringComparer.Ordinal);
        var forms = rows.Select(FormJson.ReadForm).ToList();
        var problems = new List<string>();
        foreach (var json in rows)
        {
            var others = forms.Where(f => f.UniqueId != json["unique_id"].Str()).ToList();
            problems.AddRange(FormDefinitionCheck.Check(json, null, others, lookups).Select(p => $"{json["unique_id"]}: {p.Attribute} {p.MessageKey}"));
        }
        Assert.Empty(problems);
    }
}

[Collection("sqlite")]
public sealed class DefaultConfigurationTests_Sqlite(SqliteServer server) : DefaultConfigurationTests(server), IClassFixture<SqliteServer>;

[Collection("postgres")]
public sealed class DefaultConfigurationTests_Postgres(PostgresServer server) : DefaultConfigurationTests(server), IClassFixture<PostgresServer>;
