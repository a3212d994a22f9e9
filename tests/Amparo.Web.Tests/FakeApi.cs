using System.Net;
using System.Text;
using Amparo.Web.Services;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Amparo.Web.Tests;

/// <summary>
/// A scripted Amparo server for page tests: answers by method and path (query ignored), records every request
/// with its body, and signs a user in with the permissions a test gives.
/// </summary>
internal sealed class FakeApi : HttpMessageHandler
{
    public sealed record Call(string Method, string PathAndQuery, string Body, string? IfMatch = null)
    {
        public string Path => PathAndQuery.Split('?')[0];
    }

    private readonly List<(string Method, string Path, Func<Call, (HttpStatusCode, string)> Answer)> _routes = [];

    public List<Call> Calls { get; } = [];

    public FakeApi On(string method, string path, HttpStatusCode status, string body) => On(method, path, _ => (status, body));

    public FakeApi On(string method, string path, Func<Call, (HttpStatusCode, string)> answer)
    {
        _routes.Add((method, path, answer));
        return this;
    }

    /// <summary>Answers the session's permission look-up for user 1 with these resource → actions.</summary>
    /// <summary>A user's <c>permissions.list</c> items as the server writes them: resources in the plural (<c>cases</c>).</summary>
    public static string PermissionList(IEnumerable<(string Resource, string Action)> permissions) =>
        string.Join(",", permissions.Select(p => $$"""{"resource":"{{Amparo.Contracts.PermissionResources.ToWire(p.Resource)}}","actions":["{{p.Action}}"]}"""));

    public FakeApi WithPermissions(params (string Resource, string Action)[] permissions)
    {
        var list = FakeApi.PermissionList(permissions);
        return On("GET", "/api/v2/users/1", HttpStatusCode.OK, $$"""{"data":{"id":1,"user_name":"admin","permissions":{"list":[{{list}}]} } }""");
    }

    private readonly Dictionary<string, (byte[] Bytes, string ContentType, string? FileName)> _files = [];

    /// <summary>Serves a file (an attachment's bytes, an export) at a path, with its own content type and, if given, file name.</summary>
    public FakeApi OnFile(string path, byte[] bytes, string contentType, string method = "GET", string? fileName = null)
    {
        _files[method + " " + path] = (bytes, contentType, fileName);
        return this;
    }

    private readonly Dictionary<string, Func<string>> _etags = [];

    /// <summary>Answers GETs of this path with an <c>ETag</c> (the record's version), as the server does.</summary>
    public FakeApi OnETag(string path, Func<string> etag)
    {
        _etags[path] = etag;
        return this;
    }

    public IEnumerable<Call> Sent(string method, string path) => Calls.Where(c => c.Method == method && c.Path == path);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var call = new Call(request.Method.Method, request.RequestUri!.PathAndQuery, body,
            request.Headers.TryGetValues("If-Match", out var ifMatch) ? ifMatch.FirstOrDefault() : null);
        Calls.Add(call);
        if (_files.TryGetValue(call.Method + " " + call.Path, out var file))
        {
            var content = new ByteArrayContent(file.Bytes);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(file.ContentType);
            if (file.FileName is not null) content.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileName = file.FileName };
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        }
        var route = _routes.LastOrDefault(r => r.Method == call.Method && r.Path == call.Path);
        var (status, json) = route.Answer is null ? (HttpStatusCode.NotFound, "{}") : route.Answer(call);
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (call.Method == "GET" && _etags.TryGetValue(call.Path, out var etag)) response.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue(etag());
        return response;
    }
}

internal static class FakeApiSession
{
    /// <summary>Restores user 1 as the browser would after a reload, which loads their permissions from the server.</summary>
    public static async Task SignInAsync(this BunitContext ctx)
    {
        ctx.JSInterop.Setup<string?>("amparo.storageGet", "amparo.user").SetResult("1:admin");
        await ctx.Services.GetRequiredService<SessionState>().RestoreAsync();
    }
}
