using Amparo.Web;
using Amparo.Web.Services;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using MudBlazor.Services;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

builder.Services.AddScoped(_ => new HttpClient { BaseAddress = new Uri(builder.HostEnvironment.BaseAddress) });
builder.Services.AddMudServices();
builder.Services.AddScoped<ApiClient>();
builder.Services.AddScoped<SessionState>();
builder.Services.AddScoped<WebAuthn>();
builder.Services.AddScoped<UiText>();
builder.Services.AddScoped<IRecordStore, OnlineRecordStore>();
builder.Services.AddScoped<FormStore>();
builder.Services.AddScoped<OptionStore>();

var host = builder.Build();
await host.Services.GetRequiredService<SessionState>().RestoreAsync();
await host.RunAsync();
