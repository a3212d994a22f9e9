using System.Text.Json.Serialization;

namespace Amparo.Server.Platform.Api;

/// <summary>Source-generated JSON metadata for the few typed values the server serialises itself.</summary>
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(Dictionary<string, string>), TypeInfoPropertyName = "DictionaryStringString")]
internal sealed partial class AmparoJson : JsonSerializerContext;
