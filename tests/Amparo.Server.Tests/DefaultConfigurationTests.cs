using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Forms;
using Amparo.Server.Features.Roles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Amparo.Server.Tests;

/// <summary>
/// Amparo's own default configuration: three modules, every form acceptable to the form builder's own checks, and an
/// upgrade that adds what a newer configuration brings without undoing an administrator's edits.
/// </summary>
public abstract class DefaultConfigurationTests(AmparoServer server) : ServerTests(server)
{
    [Fact]
    public async Task Modules_CpGbvAndMrm_ComeWithTheirRecordTypesFormsAndOptions()
    {
        var modules = (await (await server.AsAdmin().GetAsync("/api/v2/primero_modules")).OkBodyAsync())["data"]!.AsArray()
            .ToDictionary(m => m!["unique_id"].Str(), m => m!.AsObject());
        Assert.Equal(["case", "tracing_request", "family", "registry_record"], modules["primeromodule-cp"]["associated_record_types"]!.AsArray().Select(t => t.Str()));
        Assert.Equal(["case", "incident"], modules["primeromodule-gbv"]["associated_record_types"]!.AsArray().Select(t => t.Str()));
        Assert.Equal(["incident"], modules["primeromodule-mrm"]["associated_record_types"]!.AsArray().Select(t => t.Str()));
        Assert.True(modules["primeromodule-gbv"]["module_options"]!["user_group_filter"]!.GetValue<bool>());

        var forms = (await (await server.AsAdmin().GetAsync("/api/v2/forms?module_id=primeromodule-mrm")).OkBodyAsync())["data"]!.AsArray();
        Assert.NotEmpty(forms);
        Assert.All(forms, f => Assert.Equal("incident", f!["parent_form"].Str()));
        var identity = (await (await server.AsAdmin().GetAsync("/api/v2/forms?module_id=primeromodule-gbv&record_type=case")).OkBodyAsync())["data"]!.AsArray();
        Assert.DoesNotContain(identity.SelectMany(f => f!["fields"]!.AsArray()), f => f!["name"].Str() is "name_first" or "name_last");

        // Each of CP's other record types has its forms, named as Primero names them.
        foreach (var (type, formId, field) in new[] { ("tracing_request", "tracing_request_subform_section", "location_separation"),
                     ("family", "family_members_section", "relation_sex"), ("registry_record", "registry_details", "registry_no") })
        {
            var typed = (await (await server.AsAdmin().GetAsync($"/api/v2/forms?module_id=primeromodule-cp&record_type={type}")).OkBodyAsync())["data"]!.AsArray();
            var form = typed.Single(f => f!["unique_id"].Str() == formId)!;
            Assert.Contains(form["fields"]!.AsArray(), f => f!["name"].Str() == field);
            Assert.All(typed, f => Assert.Equal(type, f!["parent_form"].Str()));
        }
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

    private static readonly string[] NewTypes = ["tracing_request", "family", "registry_record"];

    [Fact]
    public async Task Upgrade_OfATenantFromTheCasesOnlyConfiguration_AddsTheNewTypesFormsAndGrants_AndKeepsAdministratorsEdits()
    {
        var host = $"upgrade-{Guid.NewGuid():N}.example";
        await server.AddTenantAsync(host);
        var newForms = DefaultConfiguration.Forms.Where(f => NewTypes.Contains(f.ParentForm)).Select(f => f.UniqueId).ToList();
        await server.InTenantAsync(host, async (db, _) =>
        {
            // The tenant as the cases-only configuration left it, then edited by its administrator: a renamed form, a
            // case-worker role that already reads families.
            db.FormSections.RemoveRange(await db.FormSections.Where(f => newForms.Contains(f.UniqueId)).ToListAsync());
            db.RemoveRange(await db.Set<FormSectionVersion>().Where(v => newForms.Contains(v.UniqueId)).ToListAsync());
            var cp = await db.Modules.SingleAsync(m => m.UniqueId == DefaultConfiguration.CpModule);
            cp.AssociatedRecordTypes = """["case"]""";
            cp.FormSectionUniqueIds = new JsonArray([.. FormCatalog.Strings(cp.FormSectionUniqueIds).Where(id => !newForms.Contains(id)).Select(id => (JsonNode?)id)]).ToJsonString();
            var identity = await db.FormSections.SingleAsync(f => f.UniqueId == "basic_identity");
            identity.Definition = identity.Definition.Replace("\"en\":\"Basic identity\"", "\"en\":\"Who the child is\"", StringComparison.Ordinal);
            db.Roles.Add(new Role
            {
                UniqueId = DefaultRoles.CaseWorker, Name = "Case worker", GroupPermission = Amparo.Server.Features.Users.Scopes.Self,
                Permissions = """{"case":["read","create","write"],"family":["read"]}""", FormSectionReadWrite = """{"basic_identity":"rw"}""",
            });
            await db.SaveChangesAsync();
        });
        string editedIdentity = "";
        await server.InTenantAsync(host, async (db, _) => editedIdentity = (await db.FormSections.SingleAsync(f => f.UniqueId == "basic_identity")).Definition);
        Assert.Contains("Who the child is", editedIdentity);

        await server.InTenantAsync(host, async (db, services) =>
        {
            await DefaultConfiguration.EnsureAsync(db, TimeProvider.System);
            var cp = await db.Modules.AsNoTracking().SingleAsync(m => m.UniqueId == DefaultConfiguration.CpModule);
            Assert.Equal(["case", .. NewTypes], FormCatalog.Strings(cp.AssociatedRecordTypes));
            Assert.Equal(editedIdentity, (await db.FormSections.AsNoTracking().SingleAsync(f => f.UniqueId == "basic_identity")).Definition);
            foreach (var type in NewTypes)
                Assert.NotEmpty((await services.GetRequiredService<FormCatalog>().ModuleFormsAsync(DefaultConfiguration.CpModule, type, default))!);

            var role = await db.Roles.AsNoTracking().SingleAsync(r => r.UniqueId == DefaultRoles.CaseWorker);
            var permissions = JsonNode.Parse(role.Permissions)!;
            Assert.Equal(["read"], permissions["family"]!.AsArray().Select(a => a.Str()));
            Assert.Contains("create", permissions["tracing_request"]!.AsArray().Select(a => a.Str()));
            Assert.Contains("create", permissions["registry_record"]!.AsArray().Select(a => a.Str()));
            var forms = JsonNode.Parse(role.FormSectionReadWrite)!.AsObject();
            Assert.Equal("rw", forms["family_overview"].Str());
            Assert.Equal("rw", forms["registry_details"].Str());
            Assert.False(forms.ContainsKey("family_members_section")); // a subform is granted through its form
        });

        // The administrator then takes families off the module and deletes a default form: later starts leave both so.
        await server.InTenantAsync(host, async (db, services) =>
        {
            var cp = await db.Modules.SingleAsync(m => m.UniqueId == DefaultConfiguration.CpModule);
            cp.AssociatedRecordTypes = """["case","tracing_request","registry_record"]""";
            await db.SaveChangesAsync();
            await new FormPublisher(db, TimeProvider.System).DeleteAsync(await db.FormSections.SingleAsync(f => f.UniqueId == "registry_details"), "admin", default);
            await DefaultConfiguration.EnsureAsync(db, TimeProvider.System);
            await DefaultConfiguration.EnsureAsync(db, TimeProvider.System);
            Assert.Equal(["case", "tracing_request", "registry_record"], FormCatalog.Strings((await db.Modules.AsNoTracking().SingleAsync(m => m.UniqueId == DefaultConfiguration.CpModule)).AssociatedRecordTypes));
            Assert.False(await db.FormSections.AnyAsync(f => f.UniqueId == "registry_details"));
        });
    }
}

public sealed class DefaultConfigurationTests_Sqlite(SqliteServer server) : DefaultConfigurationTests(server), IClassFixture<SqliteServer>;

public sealed class DefaultConfigurationTests_Postgres(PostgresServer server) : DefaultConfigurationTests(server), IClassFixture<PostgresServer>;
