using System.Net;
using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Web.Pages;
using Amparo.Web.Services;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Amparo.Web.Tests;

/// <summary>The record page for any record type: forms of the record's module, actions by permission, notes and alerts.</summary>
public sealed class RecordPageTests : ComponentTest
{
    private static readonly FormSection IncidentForm = new()
    {
        UniqueId = "incident_details",
        ParentForm = "incident",
        Name = LocalizedText.Of("Incident details"),
        ModuleIds = ["primeromodule-gbv"],
        Fields = [new TextField { Name = "incident_location", DisplayName = LocalizedText.Of("Where") }],
    };

    private static readonly FormSection NotesRows = new()
    {
        UniqueId = "notes_section",
        ParentForm = "case",
        IsNested = true,
        Fields = [new TextField { Name = "note_subject", DisplayName = LocalizedText.Of("Subject"), Required = true }, new TextAreaField { Name = "note_text", DisplayName = LocalizedText.Of("Text") }],
    };

    private static readonly FormSection NotesForm = new()
    {
        UniqueId = "notes",
        ParentForm = "case",
        Name = LocalizedText.Of("Notes"),
        Fields = [new SubformField { Name = "notes_section", DisplayName = LocalizedText.Of("Notes"), SubformSectionId = "notes_section" }],
    };

    private static readonly FormSection IdentityForm = new()
    {
        UniqueId = "basic_identity",
        ParentForm = "case",
        Name = LocalizedText.Of("Basic identity"),
        Fields = [new TextField { Name = "name_first", DisplayName = LocalizedText.Of("First name") }],
    };

    private static string FormsJson(params FormSection[] forms) =>
        new JsonObject { ["data"] = new JsonArray([.. forms.Select(f => (JsonNode?)FormJson.WriteForm(f))]) }.ToJsonString();

    /// <summary>Signs in with these permissions and read-write access to the given forms, and opens the page at <paramref name="url"/>.</summary>
    private async Task<FakeApi> StartAsync(string url, string[] forms, params (string Resource, string Action)[] permissions)
    {
        var list = FakeApi.PermissionList(permissions);
        var permitted = string.Join(",", forms.Select(f => $"\"{f}\":\"rw\""));
        var api = new FakeApi().On("GET", "/api/v2/users/1", HttpStatusCode.OK,
            $$"""{"data":{"id":1,"user_name":"admin","permitted_form":{ {{permitted}} },"permissions":{"list":[{{list}}]} } }""");
        UseServer(api);
        Ctx.Services.AddScoped<IRecordStore, OnlineRecordStore>();
        Ctx.Render<MudBlazor.MudPopoverProvider>();
        await Ctx.SignInAsync();
        Ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        return api;
    }

    private static string Case(string extra = "") =>
        $$"""{"data":{"id":"c1","case_id_display":"C-77","module_id":"primeromodule-cp","owned_by":"admin","status":"open","record_state":true,"name_first":"Joud"{{extra}} } }""";

    private IRenderedComponent<CaseEdit> RenderPage(string? id) => Ctx.Render<CaseEdit>(p => p.Add(c => c.Id, id));

    [Fact]
    public async Task IncidentPage_ShowsTheIncidentFormsOfItsModule_WithItsAnswers()
    {
        var api = await StartAsync("incidents/i1", ["incident_details"], ("incident", "read"), ("incident", "write"));
        api.On("GET", "/api/v2/incidents/i1", HttpStatusCode.OK,
                """{"data":{"id":"i1","incident_code":"INC-9","module_id":"primeromodule-gbv","status":"open","record_state":true,"incident_location":"Market"}}""")
           .On("GET", "/api/v2/forms", HttpStatusCode.OK, FormsJson(IncidentForm));

        var cut = RenderPage("i1");

        cut.WaitForAssertion(() => Assert.Equal("Incident INC-9", cut.Find("[data-testid=record-title]").TextContent));
        Assert.Equal("Market", cut.Find("#field-input-incident_location").GetAttribute("value"));
        Assert.Equal("/api/v2/forms?record_type=incident&module_id=primeromodule-gbv", api.Sent("GET", "/api/v2/forms").Single().PathAndQuery);
        Assert.Single(cut.FindAll("[data-testid=save-record]"));
        Assert.Equal("incidents", cut.Find("[data-testid=back-to-list]").GetAttribute("href"));
    }

    [Fact]
    public async Task NewIncident_IsCreatedInAModuleThatHoldsIncidents_AndOpensAsSaved()
    {
        var api = await StartAsync("incidents/new", ["incident_details"], ("incident", "create"));
        api.On("GET", "/api/v2/primero_modules", HttpStatusCode.OK, """
                {"data":[{"unique_id":"primeromodule-cp","name":"CP","associated_record_types":["case"]},
                         {"unique_id":"primeromodule-gbv","name":"GBV","associated_record_types":["case","incident"]}]}
                """)
           .On("GET", "/api/v2/forms", HttpStatusCode.OK, FormsJson(IncidentForm))
           .On("POST", "/api/v2/incidents", HttpStatusCode.OK, """{"data":{"id":"i2"}}""");

        var cut = RenderPage(null);
        cut.WaitForAssertion(() => Assert.Equal("New incident", cut.Find("[data-testid=record-title]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=record-module]"));
        cut.Find("#field-input-incident_location").Input("School");
        cut.Find("[data-testid=save-record]").Click();

        cut.WaitForAssertion(() => Assert.EndsWith("/incidents/i2", Ctx.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
        var sent = JsonNode.Parse(api.Sent("POST", "/api/v2/incidents").Single().Body)!["data"]!;
        Assert.Equal("primeromodule-gbv", sent["module_id"]!.GetValue<string>());
        Assert.Equal("School", sent["incident_location"]!.GetValue<string>());
    }

    [Fact]
    public async Task RecordInformationForms_WithoutFields_AreNotOffered_AndTheCaseOpensOnItsFirstFormWithFields()
    {
        // Primero's record-information forms (drawn by its own client) come first in order and have no fields.
        var owner = new FormSection
        {
            UniqueId = "record_owner", ParentForm = "case", Name = LocalizedText.Of("Record owner"), FormGroupId = "record_information", OrderFormGroup = 0,
        };
        var identity = IdentityForm with { FormGroupId = "identification_registration", OrderFormGroup = 10 };
        var api = await StartAsync("cases/c1", ["record_owner", "basic_identity"], ("case", "read"), ("case", "write"));
        api.On("GET", "/api/v2/cases/c1", HttpStatusCode.OK, Case())
           .On("GET", "/api/v2/forms", HttpStatusCode.OK, FormsJson(owner, identity));

        var cut = RenderPage("c1");

        cut.WaitForAssertion(() => Assert.Equal("Joud", cut.Find("#field-input-name_first").GetAttribute("value")));
        Assert.DoesNotContain("Record owner", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenRecord_WithCloseAndDisable_OffersThoseAndNotReopen_AndClosingIsConfirmedFirst()
    {
        var api = await StartAsync("cases/c1", ["basic_identity"], ("case", "read"), ("case", "close"), ("case", "enable_disable_record"));
        api.On("GET", "/api/v2/cases/c1", HttpStatusCode.OK, Case())
           .On("GET", "/api/v2/forms", HttpStatusCode.OK, FormsJson(IdentityForm))
           .On("PATCH", "/api/v2/cases/c1", HttpStatusCode.OK, """{"data":{"id":"c1","status":"closed"}}""")
           .OnETag("/api/v2/cases/c1", () => "\"v7\"");
        var cut = RenderPage("c1");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=action-close]")));
        Assert.Single(cut.FindAll("[data-testid=action-disable]"));
        Assert.Empty(cut.FindAll("[data-testid=action-reopen]"));
        Assert.Empty(cut.FindAll("[data-testid=save-record]"));

        cut.Find("[data-testid=action-close]").Click();
        Assert.Empty(api.Sent("PATCH", "/api/v2/cases/c1"));
        api.On("GET", "/api/v2/cases/c1", HttpStatusCode.OK, Case().Replace("\"open\"", "\"closed\"", StringComparison.Ordinal));
        cut.WaitForElement("[data-testid=action-confirm-yes]").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=status-closed]")));
        var sent = JsonNode.Parse(api.Sent("PATCH", "/api/v2/cases/c1").Single().Body)!;
        Assert.Equal("close", sent["record_action"]!.GetValue<string>());
        Assert.Equal("closed", sent["data"]!["status"]!.GetValue<string>());
        Assert.Equal("\"v7\"", api.Sent("PATCH", "/api/v2/cases/c1").Single().IfMatch);
    }

    [Fact]
    public async Task Close_OnAVersionSomeoneElseChanged_SaysSo_AndKeepsTheRecordOpen()
    {
        var api = await StartAsync("cases/c1", ["basic_identity"], ("case", "read"), ("case", "close"));
        api.On("GET", "/api/v2/cases/c1", HttpStatusCode.OK, Case())
           .On("GET", "/api/v2/forms", HttpStatusCode.OK, FormsJson(IdentityForm))
           .On("PATCH", "/api/v2/cases/c1", HttpStatusCode.PreconditionFailed, """{"errors":[{"status":412,"message":"Precondition Failed"}]}""");
        var cut = RenderPage("c1");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=action-close]")));
        cut.Find("[data-testid=action-close]").Click();
        cut.WaitForElement("[data-testid=action-confirm-yes]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Someone else changed this record", cut.Find("[data-testid=action-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=status-closed]"));
    }

    [Fact]
    public async Task ClosedRecord_WithReopen_ReopensThroughTheRecordAction()
    {
        var api = await StartAsync("cases/c1", ["basic_identity"], ("case", "read"), ("case", "reopen"));
        api.On("GET", "/api/v2/cases/c1", HttpStatusCode.OK, Case().Replace("\"open\"", "\"closed\"", StringComparison.Ordinal))
           .On("GET", "/api/v2/forms", HttpStatusCode.OK, FormsJson(IdentityForm))
           .On("PATCH", "/api/v2/cases/c1", HttpStatusCode.OK, """{"data":{"id":"c1","status":"open"}}""");
        var cut = RenderPage("c1");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=action-reopen]")));
        Assert.Empty(cut.FindAll("[data-testid=action-close]"));
        Assert.Empty(cut.FindAll("[data-testid=action-disable]"));

        cut.Find("[data-testid=action-reopen]").Click();
        cut.WaitForElement("[data-testid=action-confirm-yes]").Click();

        cut.WaitForAssertion(() => Assert.Single(api.Sent("PATCH", "/api/v2/cases/c1")));
        Assert.Equal("reopen", JsonNode.Parse(api.Sent("PATCH", "/api/v2/cases/c1").Single().Body)!["record_action"]!.GetValue<string>());
    }

    [Fact]
    public async Task Disable_AfterConfirmation_SendsDelete_AndADisabledRecordOffersEnable()
    {
        var api = await StartAsync("cases/c1", ["basic_identity"], ("case", "read"), ("case", "enable_disable_record"));
        api.On("GET", "/api/v2/cases/c1", HttpStatusCode.OK, Case())
           .On("GET", "/api/v2/forms", HttpStatusCode.OK, FormsJson(IdentityForm))
           .On("DELETE", "/api/v2/cases/c1", HttpStatusCode.OK, """{"data":{"id":"c1"}}""");
        var cut = RenderPage("c1");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=action-disable]")));

        cut.Find("[data-testid=action-disable]").Click();
        cut.Find("[data-testid=action-confirm-no]").Click();
        Assert.Empty(api.Sent("DELETE", "/api/v2/cases/c1"));
        cut.Find("[data-testid=action-disable]").Click();
        api.On("GET", "/api/v2/cases/c1", HttpStatusCode.OK, Case().Replace("\"record_state\":true", "\"record_state\":false", StringComparison.Ordinal));
        cut.WaitForElement("[data-testid=action-confirm-yes]").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=action-enable]")));
        Assert.Single(api.Sent("DELETE", "/api/v2/cases/c1"));
        Assert.Single(cut.FindAll("[data-testid=status-disabled]"));
    }

    [Fact]
    public async Task ReadOnlyRole_SeesTheAnswersReadOnly_WithNoActionsSaveFlagsOrHistory()
    {
        // The form is rw for the role, but without case:write nothing on the record can be changed.
        var api = await StartAsync("cases/c1", ["basic_identity"], ("case", "read"));
        api.On("GET", "/api/v2/cases/c1", HttpStatusCode.OK, Case())
           .On("GET", "/api/v2/forms", HttpStatusCode.OK, FormsJson(IdentityForm));
        var cut = RenderPage("c1");
        cut.WaitForAssertion(() => Assert.Equal("Case C-77", cut.Find("[data-testid=record-title]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=record-actions] button"));
        Assert.Empty(cut.FindAll("[data-testid=save-record]"));
        Assert.True(cut.Find("#field-input-name_first").HasAttribute("readonly"));
        Assert.Equal(["Forms"], cut.FindAll(".mud-tab").Select(t => t.TextContent.Trim()));
        Assert.Empty(api.Sent("GET", "/api/v2/cases/c1/flags"));
    }

    [Fact]
    public async Task WithFlagAndChangeLog_TheFlagsAndHistoryTabsAreOffered()
    {
        var api = await StartAsync("cases/c1", ["basic_identity"], ("case", "read"), ("case", "flag"), ("case", "change_log"));
        api.On("GET", "/api/v2/cases/c1", HttpStatusCode.OK, Case(""","flag_count":2"""))
           .On("GET", "/api/v2/forms", HttpStatusCode.OK, FormsJson(IdentityForm));
        var cut = RenderPage("c1");
        cut.WaitForAssertion(() => Assert.Equal(["Forms", "Flags (2)", "History"], cut.FindAll(".mud-tab").Select(t => t.TextContent.Trim())));
    }

    [Fact]
    public async Task WithReferralAndApprovalPermissions_TheTransitionsAndApprovalsTabsAreOffered_AndOpenTheirPanels()
    {
        var api = await StartAsync("cases/c1", ["basic_identity"], ("case", "read"), ("case", "referral"), ("case", "request_approval_case_plan"));
        api.On("GET", "/api/v2/cases/c1", HttpStatusCode.OK, Case(""))
           .On("GET", "/api/v2/forms", HttpStatusCode.OK, FormsJson(IdentityForm))
           .On("GET", "/api/v2/cases/c1/transitions", HttpStatusCode.OK, """{"data":[]}""");
        var cut = RenderPage("c1");
        cut.WaitForAssertion(() => Assert.Equal(["Forms", "Transitions", "Approvals"], cut.FindAll(".mud-tab").Select(t => t.TextContent.Trim())));
        Assert.NotNull(cut.Find("[data-testid=action-referral]"));

        cut.FindAll(".mud-tab")[1].Click();
        cut.WaitForElement("[data-testid=transitions-empty]");
        cut.FindAll(".mud-tab")[2].Click();
        cut.WaitForElement("[data-testid=request-approval-case_plan]");
    }

    [Fact]
    public async Task ReferredUser_SeesOnlyTheFormsOfTheReferralsAuthorisedRole_AsThatRoleAllows()
    {
        // The user's own role writes both forms; the referral's authorised role lets them only read the identity form.
        var api = await StartAsync("cases/c1", ["basic_identity", "notes"], ("case", "read"), ("case", "write"), ("case", "receive_referral"));
        api.On("GET", "/api/v2/cases/c1", HttpStatusCode.OK, Case(""","permitted_forms":{"basic_identity":"r"}"""))
           .On("GET", "/api/v2/forms", HttpStatusCode.OK, FormsJson(IdentityForm, NotesForm, NotesRows))
           .On("GET", "/api/v2/cases/c1/transitions", HttpStatusCode.OK, """{"data":[]}""");
        var cut = RenderPage("c1");
        cut.WaitForAssertion(() => Assert.Equal("Case C-77", cut.Find("[data-testid=record-title]").TextContent));
        Assert.NotNull(cut.Find("[data-testid=nav-form-basic_identity]"));
        Assert.Empty(cut.FindAll("[data-testid=nav-form-notes]"));
        Assert.True(cut.Find("#field-input-name_first").HasAttribute("readonly"));
    }

    [Fact]
    public async Task AssigningTheRecordAway_ReturnsTheUserToTheListWhenTheyNoLongerReachIt()
    {
        var api = await StartAsync("cases/c1", ["basic_identity"], ("case", "read"), ("case", "assign"));
        var assigned = false;
        api.On("GET", "/api/v2/cases/c1", _ => assigned ? (HttpStatusCode.NotFound, "{}") : (HttpStatusCode.OK, Case()))
           .On("GET", "/api/v2/forms", HttpStatusCode.OK, FormsJson(IdentityForm))
           .On("GET", "/api/v2/users/assign-to", HttpStatusCode.OK, """{"data":[{"id":2,"user_name":"cw2","full_name":"Second Caseworker"}]}""")
           .On("POST", "/api/v2/cases/c1/assigns", _ =>
           {
               assigned = true;
               return (HttpStatusCode.OK, """{"data":{"id":"a1","type":"Assign","status":"done"}}""");
           });
        var cut = RenderPage("c1");
        cut.WaitForElement("[data-testid=action-assign]").Click();
        cut.WaitForElement("[data-testid=recipient-cw2]").Click();
        cut.Find("[data-testid=transition-send]").Click();

        var nav = Ctx.Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.EndsWith("/cases", nav.Uri, StringComparison.Ordinal));
        Assert.Equal("cw2", JsonNode.Parse(api.Sent("POST", "/api/v2/cases/c1/assigns").Single().Body)!["data"]!["transitioned_to"]!.GetValue<string>());
    }

    [Fact]
    public async Task NewCase_WhereTwoOfTheUsersModulesHoldCases_OffersTheModuleAndCreatesInTheFirstByDefault()
    {
        var api = await StartAsync("cases/new", ["basic_identity"], ("case", "create"));
        api.On("GET", "/api/v2/primero_modules", HttpStatusCode.OK, """
                {"data":[{"unique_id":"primeromodule-cp","name":"CP","associated_record_types":["case"]},
                         {"unique_id":"primeromodule-gbv","name":"GBV","associated_record_types":["case","incident"]},
                         {"unique_id":"primeromodule-mrm","name":"MRM","associated_record_types":["incident"]}]}
                """)
           .On("GET", "/api/v2/forms", HttpStatusCode.OK, FormsJson(IdentityForm with
           {
               Fields = [.. IdentityForm.Fields, new UploadField { Name = "photos", DisplayName = LocalizedText.Of("Photos"), Kind = UploadKind.Photo }],
           }))
           .On("POST", "/api/v2/cases", HttpStatusCode.OK, """{"data":{"id":"c9"}}""");
        var cut = RenderPage(null);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=record-module]")));
        Assert.Single(cut.FindAll("[data-testid=attachments-after-save]"));
        cut.Find("#field-input-name_first").Input("Sara");
        cut.Find("[data-testid=save-record]").Click();
        cut.WaitForAssertion(() => Assert.Single(api.Sent("POST", "/api/v2/cases")));
        Assert.Equal("primeromodule-cp", JsonNode.Parse(api.Sent("POST", "/api/v2/cases").Single().Body)!["data"]!["module_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Notes_AreListedNewestFirst_AndAddingOneUsesAddNote()
    {
        var api = await StartAsync("cases/c1", ["basic_identity", "notes"], ("case", "read"), ("case", "add_note"));
        api.On("GET", "/api/v2/cases/c1", HttpStatusCode.OK,
                Case(""","notes_section":[{"unique_id":"n1","note_subject":"First visit","note_created_by":"amina","note_date":"2026-11-01"},{"unique_id":"n2","note_subject":"Phone call","note_created_by":"omar","note_date":"2026-11-20"}]"""))
           .On("GET", "/api/v2/forms", HttpStatusCode.OK, FormsJson(IdentityForm, NotesForm, NotesRows))
           .On("PATCH", "/api/v2/cases/c1", HttpStatusCode.OK, """{"data":{"id":"c1"}}""");
        var cut = RenderPage("c1");
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll(".mud-tab"), t => t.TextContent.Contains("Notes (2)", StringComparison.Ordinal)));

        cut.FindAll(".mud-tab").First(t => t.TextContent.Contains("Notes (2)", StringComparison.Ordinal)).Click();
        Assert.Equal(["Phone call", "First visit"], cut.FindAll("[data-testid=note] h6, [data-testid=note] .mud-typography-subtitle2").Select(e => e.TextContent).Distinct());
        cut.Find("#note-subject").Input("Home visit");
        cut.Find("#note-text").Input("Family was home");
        cut.Find("[data-testid=add-note]").Click();

        cut.WaitForAssertion(() => Assert.Single(api.Sent("PATCH", "/api/v2/cases/c1")));
        var sent = JsonNode.Parse(api.Sent("PATCH", "/api/v2/cases/c1").Single().Body)!;
        Assert.Equal("add_note", sent["record_action"]!.GetValue<string>());
        Assert.Equal("""[{"note_subject":"Home visit","note_text":"Family was home"}]""", sent["data"]!["notes_section"]!.ToJsonString());
    }

    [Fact]
    public async Task AnswersTypedButNotSaved_SurviveAddingANote_AndAreStillSentOnSave()
    {
        var api = await StartAsync("cases/c1", ["basic_identity", "notes"], ("case", "read"), ("case", "write"), ("case", "add_note"));
        // Notes as the server stores them, with the keys only it writes (author, row id).
        const string first = """{"unique_id":"n1","note_subject":"First visit","note_created_by":"omar","note_date":"2026-11-01"}""";
        const string second = """{"unique_id":"n2","note_subject":"Call","note_created_by":"admin","note_date":"2026-11-27"}""";
        var notes = first;
        api.On("GET", "/api/v2/cases/c1", _ => (HttpStatusCode.OK, Case(""","notes_section":[""" + notes + "]")))
           .On("GET", "/api/v2/forms", HttpStatusCode.OK, FormsJson(IdentityForm, NotesForm, NotesRows))
           .On("PATCH", "/api/v2/cases/c1", _ =>
           {
               notes = first + "," + second;
               return (HttpStatusCode.OK, """{"data":{"id":"c1"}}""");
           });
        var cut = RenderPage("c1");
        cut.WaitForAssertion(() => Assert.Equal("Joud", cut.Find("#field-input-name_first").GetAttribute("value")));
        cut.Find("#field-input-name_first").Input("Joudi");

        cut.FindAll(".mud-tab").First(t => t.TextContent.StartsWith("Notes", StringComparison.Ordinal)).Click();
        cut.Find("#note-subject").Input("Call");
        cut.Find("[data-testid=add-note]").Click();
        cut.WaitForAssertion(() => Assert.Equal(["First visit", "Call"], cut.FindAll("[data-testid=note] .mud-typography-subtitle2").Select(e => e.TextContent).Reverse()));
        cut.FindAll(".mud-tab").First(t => t.TextContent.StartsWith("Forms", StringComparison.Ordinal)).Click();

        cut.WaitForAssertion(() => Assert.Equal("Joudi", cut.Find("#field-input-name_first").GetAttribute("value")));
        cut.Find("[data-testid=save-record]").Click();
        cut.WaitForAssertion(() => Assert.Equal(2, api.Sent("PATCH", "/api/v2/cases/c1").Count()));
        var saved = JsonNode.Parse(api.Sent("PATCH", "/api/v2/cases/c1").Last().Body)!["data"]!.AsObject();
        Assert.Equal("""{"name_first":"Joudi"}""", saved.ToJsonString());
    }

    [Fact]
    public async Task Alerts_NameTheChangedForms_AndRemoveAlertDismissesOne()
    {
        var api = await StartAsync("cases/c1", ["basic_identity"], ("case", "read"), ("case", "remove_alert"));
        var alerts = """{"data":[{"alert_for":"field_change","type":"basic_identity","date":"2026-11-27","form_unique_id":"basic_identity","unique_id":"a-1"}]}""";
        api.On("GET", "/api/v2/cases/c1", HttpStatusCode.OK, Case(""","alert_count":1"""))
           .On("GET", "/api/v2/forms", HttpStatusCode.OK, FormsJson(IdentityForm))
           .On("GET", "/api/v2/cases/c1/alerts", HttpStatusCode.OK, alerts)
           .On("DELETE", "/api/v2/cases/c1/alerts/a-1", HttpStatusCode.NoContent, "");
        var cut = RenderPage("c1");

        cut.WaitForAssertion(() => Assert.Contains("Basic identity", cut.Find("[data-testid=record-alert]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Saving one of these forms yourself", cut.Find("[data-testid=record-alerts]").TextContent, StringComparison.Ordinal);
        api.On("GET", "/api/v2/cases/c1/alerts", HttpStatusCode.OK, """{"data":[]}""");
        cut.Find("[data-testid=remove-alert-a-1]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=record-alerts]")));
        Assert.Single(api.Sent("DELETE", "/api/v2/cases/c1/alerts/a-1"));
    }

    [Fact]
    public async Task Alerts_WithoutRemoveAlert_OfferNoDismiss()
    {
        var api = await StartAsync("cases/c1", ["basic_identity"], ("case", "read"));
        api.On("GET", "/api/v2/cases/c1", HttpStatusCode.OK, Case())
           .On("GET", "/api/v2/forms", HttpStatusCode.OK, FormsJson(IdentityForm))
           .On("GET", "/api/v2/cases/c1/alerts", HttpStatusCode.OK,
               """{"data":[{"alert_for":"field_change","type":"basic_identity","date":"2026-11-27","form_unique_id":"basic_identity","unique_id":"a-1"}]}""");
        var cut = RenderPage("c1");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=record-alert]")));
        Assert.Empty(cut.FindAll("[data-testid=remove-alert-a-1]"));
    }

    [Fact]
    public async Task AfterAPhotoIsAttached_TheNextSaveSendsTheRecordsNewVersion_AndNotTheFiles()
    {
        var photos = new FormSection
        {
            UniqueId = "photos_and_audio",
            ParentForm = "case",
            Name = LocalizedText.Of("Photos and audio"),
            Fields = [new UploadField { Name = "photos", DisplayName = LocalizedText.Of("Photos"), Kind = UploadKind.Photo }],
        };
        var api = await StartAsync("cases/c1", ["basic_identity", "photos_and_audio"], ("case", "read"), ("case", "write"));
        const string descriptor = """{"id":"0199a1b2-0000-7000-8000-000000000003","field_name":"photos","file_name":"face.png","content_type":"image/png"}""";
        var version = "\"v1\"";
        api.On("GET", "/api/v2/cases/c1", _ => (HttpStatusCode.OK, version == "\"v1\"" ? Case() : Case($$""","photos":[{{descriptor}}],"has_photo":true""")))
           .On("GET", "/api/v2/forms", HttpStatusCode.OK, FormsJson(photos, IdentityForm))
           .On("POST", "/api/v2/cases/c1/attachments", _ =>
           {
               version = "\"v2\"";
               return (HttpStatusCode.OK, """{"data":{"id":"0199a1b2-0000-7000-8000-000000000003","record":{"id":"c1","photos":[""" + descriptor + "]}}}");
           })
           .On("PATCH", "/api/v2/cases/c1", HttpStatusCode.OK, """{"data":{"id":"c1"}}""")
           .OnETag("/api/v2/cases/c1", () => version)
           .OnFile("/api/v2/cases/c1/attachments/0199a1b2-0000-7000-8000-000000000003", [0x89, 0x50, 0x4E, 0x47], "image/png");
        var cut = RenderPage("c1");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=upload-photos]")));

        cut.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(
            InputFileContent.CreateFromBinary([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "face.png", contentType: "image/png"));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=attachment-preview]")));
        cut.FindAll("[data-testid^=nav-form-]").First(e => e.TextContent.Contains("Basic identity", StringComparison.Ordinal)).Click();
        cut.Find("#field-input-name_first").Input("Joude");
        cut.Find("[data-testid=save-record]").Click();

        cut.WaitForAssertion(() => Assert.Single(api.Sent("PATCH", "/api/v2/cases/c1")));
        var sent = JsonNode.Parse(api.Sent("PATCH", "/api/v2/cases/c1").Single().Body)!["data"]!.AsObject();
        Assert.Equal(["name_first"], sent.Select(kv => kv.Key));
        Assert.Equal("\"v2\"", api.Sent("PATCH", "/api/v2/cases/c1").Single().IfMatch);
    }

    [Fact]
    public async Task UnknownRecord_SaysItCannotBeOpened()
    {
        var api = await StartAsync("families/f9", [], ("family", "read"));
        var cut = RenderPage("f9");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=record-not-found]")));
        Assert.Single(api.Sent("GET", "/api/v2/families/f9"));
    }
}
