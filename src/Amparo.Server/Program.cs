using Amparo.Server.Features.Agencies;
using Amparo.Server.Features.Alerts;
using Amparo.Server.Features.Approvals;
using Amparo.Server.Features.Attachments;
using Amparo.Server.Features.Audit;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Bootstrap;
using Amparo.Server.Features.Branding;
using Amparo.Server.Features.CaseRelationships;
using Amparo.Server.Features.CodeOfConduct;
using Amparo.Server.Features.Configuration;
using Amparo.Server.Features.Dashboards;
using Amparo.Server.Features.Families;
using Amparo.Server.Features.Flags;
using Amparo.Server.Features.Forms;
using Amparo.Server.Features.Health;
using Amparo.Server.Features.History;
using Amparo.Server.Features.Identified;
using Amparo.Server.Features.Incidents;
using Amparo.Server.Features.Locations;
using Amparo.Server.Features.Lookups;
using Amparo.Server.Features.Notifications;
using Amparo.Server.Features.PasswordReset;
using Amparo.Server.Features.Records;
using Amparo.Server.Features.Reports;
using Amparo.Server.Features.Roles;
using Amparo.Server.Features.SavedSearches;
using Amparo.Server.Features.Search;
using Amparo.Server.Features.SelfRegistration;
using Amparo.Server.Features.SystemSettings;
using Amparo.Server.Features.Tasks;
using Amparo.Server.Features.Tenants;
using Amparo.Server.Features.Traces;
using Amparo.Server.Features.Transitions;
using Amparo.Server.Features.UserGroups;
using Amparo.Server.Features.Users;
using Amparo.Server.Features.Webhooks;
using Amparo.Server.Platform;
using Amparo.Server.Platform.Data;

// `Amparo.Server migrate` applies the database migrations and exits (production);
// `Amparo.Server config import-primero <folder>` imports a Primero configuration and exits;
// `Amparo.Server users unlock <user_name> [--tenant <host or code>]` lifts an account-wide sign-in lock and exits; otherwise serve.
var migrateOnly = args.Length > 0 && args[0] == "migrate";
var importFolder = args.Length > 2 && args[0] == "config" && args[1] == "import-primero" ? args[2] : null;
var unlockUser = args.Length > 2 && args[0] == "users" && args[1] == "unlock" ? args[2] : null;
var unlockTenant = unlockUser is not null && args.Length > 4 && args[3] == "--tenant" ? args[4] : null;
var builder = WebApplication.CreateBuilder(migrateOnly ? args[1..] : importFolder is not null ? args[3..]
    : unlockUser is not null ? args[(unlockTenant is null ? 3 : 5)..] : args);

// Platform: what every feature stands on.
builder.AddAmparoPlatform();                                   // logging, JSON, OpenAPI, clock, problem handling
builder.Services.AddAmparoData(builder.Configuration);          // one DbContext on SQLite or PostgreSQL, tenant filters

// Features, each registering its own services.
builder.AddAuth();                                              // cookie sessions, Basic auth, lockout, throttle
builder.AddAudit();                                             // audit, of every API call too
builder.AddUsers();
builder.AddPasswordReset();                                     // reset links mailed from a queue, after the answer
builder.AddForms();                                             // forms, modules, option lists
builder.AddConfigurationImport();
builder.AddLocations();
builder.AddRecords();
builder.AddHistory();
builder.AddAlerts();
builder.AddSearch();
builder.AddAttachments();
builder.AddNotifications();                                     // e-mail and web push, sent in the background
builder.AddApprovals();
builder.AddTransitions();                                       // assign, refer, transfer
builder.AddTraces();
builder.AddWebhooks();                                          // pushes to external systems

var app = builder.Build();

if (migrateOnly)
{
    await DataSetup.MigrateAsync(app.Services);
    Console.WriteLine("Amparo: database migrated.");
    return;
}
if (app.Services.GetRequiredService<DatabaseOptions>().ShouldMigrateAtStartup) await DataSetup.MigrateAsync(app.Services);
await Startup.PrepareAsync(app, seedDemo: app.Configuration["seed"] == "demo" || app.Configuration["AMPARO_SEED"] == "demo");
if (importFolder is not null)
{
    Environment.ExitCode = await ConfigurationCommand.ImportPrimeroAsync(app.Services, importFolder);
    return;
}
if (unlockUser is not null)
{
    Environment.ExitCode = await AuthCommands.UnlockAsync(app.Services, unlockUser, unlockTenant);
    return;
}

// The pipeline: Platform's up to the tenant, then the features' middleware.
app.UseAmparoPipeline();                                        // security headers, compression, routing, tenant
app.UseAuth();                                                  // authentication, authorization, CSRF, two-factor enrolment
app.UseRequestAudit();                                          // every API call into the audit chain

// Each feature's endpoints. Order does not decide routing (route precedence does); the client comes last anyway.
var api = app.MapGroup("/api/v2").RequireAuthorization().AddEndpointFilter<Amparo.Server.Platform.Api.ApiExceptionFilter>();
api.MapAuth();
api.MapRoles();
api.MapAgencyEndpoints();
api.MapUserGroupEndpoints();
api.MapUserEndpoints();
api.MapPasswordResetEndpoints();
api.MapSelfRegistrationEndpoints();
api.MapSystemEndpoints();
api.MapCodeOfConductEndpoints();
api.MapAudit();
api.MapFormEndpoints();
api.MapPromotedFieldEndpoints();
api.MapLookupEndpoints();
api.MapLocationEndpoints();
api.MapReportEndpoints();
api.MapConfigurationEndpoints();
api.MapRecordEndpoints();
api.MapHistoryEndpoints();
api.MapFlagEndpoints();
api.MapAlertEndpoints();
api.MapApprovalEndpoints();
api.MapWebPushEndpoints();
api.MapAttachmentEndpoints();
api.MapIncidentsFromCaseEndpoints();
api.MapCaseRelationshipEndpoints();
api.MapCaseFromFamilyEndpoints();
api.MapTraceEndpoints();
api.MapIdentifiedEndpoints();
api.MapWebhooks();
api.MapSavedSearchEndpoints();
api.MapTaskEndpoints();
api.MapDashboardEndpoints();
api.MapTransitions();
app.MapBootstrapEndpoints();
app.MapHealthEndpoints();
app.MapBrandingEndpoints();                                     // /theme and /manifest.json for Primero's client
app.MapAmparoClient();                                          // OpenAPI document, the Blazor WebAssembly app, the API's 404s: last

await app.RunAsync();

/// <summary>The server's entry point; public so integration tests can host it.</summary>
public partial class Program;
