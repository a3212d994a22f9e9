using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Bootstrap;
using Amparo.Server.Features.CodeOfConduct;
using Amparo.Server.Features.Forms;
using Amparo.Server.Features.Health;
using Amparo.Server.Features.Agencies;
using Amparo.Server.Features.Audit;
using Amparo.Server.Features.PasswordReset;
using Amparo.Server.Features.Records;
using Amparo.Server.Features.Roles;
using Amparo.Server.Features.SystemSettings;
using Amparo.Server.Features.UserGroups;
using Amparo.Server.Features.Users;
using Amparo.Server.Features.Tenants;
using Amparo.Server.Platform;
using Amparo.Server.Platform.Data;

// `Amparo.Server migrate` applies the database migrations and exits (production); otherwise serve.
var migrateOnly = args.Length > 0 && args[0] == "migrate";
var builder = WebApplication.CreateBuilder(migrateOnly ? args[1..] : args);

builder.AddAmparoPlatform();                                   // logging, JSON, OpenAPI, clock, problem handling
builder.Services.AddAmparoData(builder.Configuration);          // one DbContext on SQLite or PostgreSQL, tenant filters
builder.Services.AddAmparoAuth(builder.Configuration);          // cookie sessions, Basic auth, lockout, throttle
builder.Services.AddScoped<AuditTrail>();                       // audit
builder.Services.AddScoped<UserAdminScope>();                   // users, roles, agencies, groups
builder.Services.AddScoped<SaveUser>();
builder.Services.AddScoped<FormCatalog>();                      // forms and modules
builder.Services.AddScoped<AssociationStore>();                 // records
builder.Services.AddScoped<FieldPermissions>();
builder.Services.AddScoped<CreateRecord>();
builder.Services.AddScoped<UpdateRecord>();

var app = builder.Build();

if (migrateOnly)
{
    await DataSetup.MigrateAsync(app.Services);
    Console.WriteLine("Amparo: database migrated.");
    return;
}
if (app.Services.GetRequiredService<DatabaseOptions>().ShouldMigrateAtStartup) await DataSetup.MigrateAsync(app.Services);
await Startup.PrepareAsync(app, seedDemo: app.Configuration["seed"] == "demo" || app.Configuration["AMPARO_SEED"] == "demo");

app.UseAmparoPipeline();                                        // security headers, tenant, auth, CSRF

var api = app.MapGroup("/api/v2").RequireAuthorization();
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
api.MapSystemEndpoints();
api.MapCodeOfConductEndpoints();
api.MapAuditEndpoints();
api.MapFormEndpoints();
api.MapRecordEndpoints();
app.MapBootstrapEndpoints();
app.MapHealthEndpoints();
app.MapAmparoClient();                                          // the Blazor WebAssembly app, OpenAPI document

await app.RunAsync();

/// <summary>The server's entry point; public so integration tests can host it.</summary>
public partial class Program;
