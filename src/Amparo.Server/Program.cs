using Amparo.Server.Features.Auth;
using Amparo.Server.Features.CaseRelationships;
using Amparo.Server.Features.Bootstrap;
using Amparo.Server.Features.CodeOfConduct;
using Amparo.Server.Features.Configuration;
using Amparo.Server.Features.Families;
using Amparo.Server.Features.Flags;
using Amparo.Server.Features.Forms;
using Amparo.Server.Features.Health;
using Amparo.Server.Features.History;
using Amparo.Server.Features.Identified;
using Amparo.Server.Features.Incidents;
using Amparo.Server.Features.Locations;
using Amparo.Server.Features.Lookups;
using Amparo.Server.Features.Agencies;
using Amparo.Server.Features.Alerts;
using Amparo.Server.Features.Approvals;
using Amparo.Server.Features.Notifications;
using Amparo.Server.Features.Attachments;
using Amparo.Server.Features.Audit;
using Amparo.Server.Features.PasswordReset;
using Amparo.Server.Features.Records;
using Amparo.Server.Features.Reports;
using Amparo.Server.Features.Roles;
using Amparo.Server.Features.SavedSearches;
using Amparo.Server.Features.SelfRegistration;
using Amparo.Server.Features.Tasks;
using Amparo.Server.Features.SystemSettings;
using Amparo.Server.Features.UserGroups;
using Amparo.Server.Features.Users;
using Amparo.Server.Features.Webhooks;
using Amparo.Server.Features.Tenants;
using Amparo.Server.Features.Transitions;
using Amparo.Server.Features.Traces;
using Amparo.Server.Platform;
using Amparo.Server.Platform.Data;

// `Amparo.Server migrate` applies the database migrations and exits (production);
// `Amparo.Server config import-primero <folder>` imports a Primero configuration and exits; otherwise serve.
var migrateOnly = args.Length > 0 && args[0] == "migrate";
var importFolder = args.Length > 2 && args[0] == "config" && args[1] == "import-primero" ? args[2] : null;
var builder = WebApplication.CreateBuilder(migrateOnly ? args[1..] : importFolder is not null ? args[3..] : args);

builder.AddAmparoPlatform();                                   // logging, JSON, OpenAPI, clock, problem handling
builder.Services.AddAmparoData(builder.Configuration);          // one DbContext on SQLite or PostgreSQL, tenant filters
builder.Services.AddAmparoAuth(builder.Configuration);          // cookie sessions, Basic auth, lockout, throttle
builder.Services.AddScoped<AuditTrail>();                       // audit, of every API call too
builder.Services.AddSingleton<AuditSignal>();
builder.Services.AddHostedService<AuditChainer>();
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<RequestAuditScope>();
builder.Services.AddScoped<UserAdminScope>();                   // users, roles, agencies, groups
builder.Services.AddScoped<SaveUser>();
builder.Services.AddScoped<FormCatalog>();                      // forms, modules, lookups, locations
builder.Services.AddSingleton<FormDefinitionCache>();
builder.Services.AddScoped<OptionCatalog>();
builder.Services.AddScoped<FormPublisher>();
builder.Services.AddScoped<PrimeroImport>();                    // configuration import
builder.Services.AddScoped<LocationTree>();
builder.Services.AddScoped<AssociationStore>();                 // records
builder.Services.AddScoped<FieldPermissions>();
builder.Services.AddScoped<RecordWrite>();
builder.Services.AddScoped<HistoryLog>();
builder.Services.AddScoped<AlertRules>();
builder.Services.AddScoped<Amparo.Server.Features.Search.SearchIndex>();
builder.Services.AddScoped<Amparo.Server.Features.Attachments.AttachmentStore>();
builder.Services.AddScoped<RecordChanges>();                    // the one record-change path
builder.Services.AddScoped<CreateRecord>();
builder.Services.AddScoped<UpdateRecord>();
builder.Services.AddAmparoNotifications(builder.Configuration); // e-mail and web push, sent in the background
builder.Services.AddScoped<ApprovalChange>();
builder.Services.AddScoped<TransitionRecipients>();             // transitions (assign, refer, transfer)
builder.Services.AddScoped<TransitionAccess>();
builder.Services.AddScoped<TransitionService>();
builder.Services.AddScoped<ITransitionNotifier, Amparo.Server.Features.Notifications.TransitionNotifications>();
builder.Services.AddSingleton<BulkAssignQueue>();
builder.Services.AddHostedService<BulkAssignWorker>();
builder.Services.AddScoped<Amparo.Server.Features.Traces.TraceIndex>();
builder.Services.AddScoped<Amparo.Server.Features.Traces.TraceMatching>();
builder.Services.AddSingleton<Amparo.Server.Features.Webhooks.SyncQueue>();     // pushes to external systems
builder.Services.AddHostedService<Amparo.Server.Features.Webhooks.SyncSender>();
builder.Services.AddHttpClient(Amparo.Server.Features.Webhooks.SyncSender.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10))
    .ConfigurePrimaryHttpMessageHandler(() => WebhookNetwork.Handler(builder.Configuration.GetValue(WebhookNetwork.AllowPrivateSetting, false)));

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

app.UseAmparoPipeline();                                        // security headers, tenant, auth, CSRF
app.UseMiddleware<RequestAuditMiddleware>();                    // every API call into the audit chain

var api = app.MapGroup("/api/v2").RequireAuthorization().AddEndpointFilter<Amparo.Server.Platform.Api.ApiExceptionFilter>();
api.MapTokenEndpoints();
api.MapTwoFactorEndpoints();
api.MapSecurityKeyEndpoints();
api.MapIdentityProviderEndpoints();
api.MapPermissionEndpoints();
api.MapRoleEndpoints();
api.MapAgencyEndpoints();
api.MapUserGroupEndpoints();
api.MapUserEndpoints();
api.MapPasswordResetEndpoints();
api.MapSelfRegistrationEndpoints();
api.MapSystemEndpoints();
api.MapCodeOfConductEndpoints();
api.MapAuditEndpoints();
api.MapFormEndpoints();
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
api.MapAccessLogEndpoints();
api.MapAttachmentEndpoints();
api.MapIncidentsFromCaseEndpoints();
api.MapCaseRelationshipEndpoints();
api.MapCaseFromFamilyEndpoints();
api.MapTraceEndpoints();
api.MapIdentifiedEndpoints();
api.MapWebhookEndpoints();
api.MapRecordSyncEndpoints();
api.MapSavedSearchEndpoints();
api.MapTaskEndpoints();
api.MapTransitionEndpoints();
api.MapRemoteExportEndpoints();
app.MapBootstrapEndpoints();
app.MapHealthEndpoints();
app.MapAmparoClient();                                          // the Blazor WebAssembly app, OpenAPI document

await app.RunAsync();

/// <summary>The server's entry point; public so integration tests can host it.</summary>
public partial class Program;
