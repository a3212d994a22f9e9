using Microsoft.AspNetCore.DataProtection;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Security;
using Amparo.Server.Platform.Tenancy;

namespace Amparo.Server.Platform;

/// <summary>
/// Cross-cutting plumbing: logging, the request pipeline up to the tenant, and serving the web client.
/// Features add their own services, middleware and endpoints (see Program.cs); nothing here names one.
/// </summary>
internal static class PlatformSetup
{
    public static WebApplicationBuilder AddAmparoPlatform(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = false);
        }
        builder.Services.AddSingleton(TimeProvider.System);
        // Protects secrets kept in the database (TOTP secrets). Keys live beside the data unless configured elsewhere;
        // several servers must share DataProtection:KeysPath.
        builder.Services.AddDataProtection()
            .SetApplicationName("Amparo")
            .PersistKeysToFileSystem(new DirectoryInfo(builder.Configuration["DataProtection:KeysPath"] ?? Path.Combine("data", "keys")));
        builder.Services.AddSingleton<TenantRegistry>();
        builder.Services.Configure<Mail.MailOptions>(builder.Configuration.GetSection("Mail"));
        builder.Services.AddSingleton<Mail.Mailer>();
        builder.Services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(o => ConfigureReverseProxy(o, builder.Configuration.GetSection("ReverseProxy")));
        builder.Services.AddOpenApi();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            // The wire contracts (Amparo.Contracts) answer through these options and the OpenAPI document describes them
            // from these options: both must name properties as the contracts' own context does (Primero's snake_case).
            // Untyped answers (JsonObject documents, dictionaries) keep their keys whatever the policy.
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            // Bodies are read by RequestBody with the contracts' own (strict) options; strict here too, so the document
            // does not offer numbers as strings.
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, AmparoJson.Default);
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, Amparo.Contracts.Wire.WireJson.Default);
        });
        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.MimeTypes = ["application/json"];
            // gzip first: browsers accept both equally, and at the fastest level gzip packs a 500-case page (1.3 MB of
            // JSON) into ~0.3 MB where brotli's fastest level left 0.55 MB (issue 7, measured with bench/).
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
        });
        // Fast levels: on a phone link most of the gain is in the first pass, and the server's cores are better spent answering.
        builder.Services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        builder.Services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Optimal);
        return builder;
    }

    /// <summary>
    /// Behind a TLS-terminating proxy the request's scheme and client address come from X-Forwarded-Proto/-For, believed
    /// only from the proxies listed in <c>ReverseProxy:KnownProxies</c> (addresses) and <c>ReverseProxy:KnownNetworks</c>
    /// (CIDR): loopback alone when none are listed. Anyone else's headers are ignored, so a client cannot pass for https
    /// or for another address (the sign-in limits count by address). X-Forwarded-Host is never read: the host picks the tenant.
    /// </summary>
    private static void ConfigureReverseProxy(Microsoft.AspNetCore.Builder.ForwardedHeadersOptions o, IConfiguration section)
    {
        o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
        foreach (var proxy in section.GetSection("KnownProxies").Get<string[]>() ?? [])
            o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
        foreach (var network in section.GetSection("KnownNetworks").Get<string[]>() ?? [])
            o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        // How many proxies in a row may append to X-Forwarded-For (the defaults' one proxy when unset).
        if (section.GetValue<int?>("ForwardLimit") is { } limit) o.ForwardLimit = limit;
    }

    public static WebApplication UseAmparoPipeline(this WebApplication app)
    {
        // First: everything after it (HSTS, Secure cookies, the sign-in limits by address) sees the client's scheme and address.
        app.UseForwardedHeaders();
        // Then the headers, so that every answer carries them, the exception handler's included.
        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (app.Configuration.GetValue<bool>("Diagnostics:ServerTiming")) app.Use((context, next) => Data.StatementMeter.MeasureAsync(context, () => next(context)));
        // Never a stack trace or exception text to the client; the log has the details. What the server reading the
        // request refused (a body over the limit, a malformed chunk) is the client's error, answered with its status.
        app.UseExceptionHandler(errors => errors.Run(context => context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error switch
        {
            BadHttpRequestException bad => ApiErrors.WriteAsync(context, bad.StatusCode, bad.StatusCode == 413 ? RequestBody.TooLarge : "Bad Request"),
            var e when Data.DataErrors.InvalidText(e) is { } field => ApiErrors.Error(context, ApiException.TextRefused(field)).ExecuteAsync(context),
            var e when Data.DataErrors.StatementTimedOut(e) => ApiErrors.WriteAsync(context, 503, Data.DataErrors.TimedOut),
            _ => ApiErrors.WriteAsync(context, 500, "Internal Server Error"),
        }));
        // Primero's client builds some paths with a double slash (`/api/v2//primero`): fold them before routing.
        app.Use((context, next) =>
        {
            var path = context.Request.Path.Value;
            if (path is not null && path.Contains("//", StringComparison.Ordinal))
                context.Request.Path = new PathString(System.Text.RegularExpressions.Regex.Replace(path, "/{2,}", "/"));
            return next(context);
        });
        // A NUL in a query parameter reaches PostgreSQL as a parameter it refuses (22021) and SQLite as one it truncates:
        // refused here, once, for every endpoint that filters on what it is given.
        app.Use((context, next) =>
        {
            foreach (var (key, values) in context.Request.Query)
                if (key.Contains('\0', StringComparison.Ordinal) || values.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
                    return ApiErrors.Error(context, ApiException.TextRefused(key.Replace("\0", "", StringComparison.Ordinal), "contains a NUL character")).ExecuteAsync(context);
            return next(context);
        });
        // API reads travel compressed. Only GETs: sign-in, second-factor and password answers carry secrets next to what
        // the caller typed, the mix a compression side channel (BREACH) needs; the web client's files come precompressed.
        app.UseWhen(c => HttpMethods.IsGet(c.Request.Method) && c.Request.Path.StartsWithSegments("/api"), branch => branch.UseResponseCompression());
        app.UseRouting();
        // Before the features' middleware: sessions, users and everything they read belong to the request's tenant.
        app.UseMiddleware<TenantResolutionMiddleware>();
        return app;
    }

    public static WebApplication MapAmparoClient(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapStaticAssets();
        // Unknown API paths are a JSON 404, never the client's index.html.
        app.Map("/api/{**rest}", (HttpContext http) => ApiErrors.NotFound(http, "No such API endpoint."));
        app.MapFallbackToFile("index.html");
        return app;
    }
}
