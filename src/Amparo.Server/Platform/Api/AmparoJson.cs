using System.Text.Json.Serialization;

namespace Amparo.Server.Platform.Api;

/// <summary>Source-generated JSON metadata for the few typed values the server serialises itself.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class AmparoJson : JsonSerializerContext;
