using System.Text.Json.Serialization;

namespace Amparo.Contracts.Wire;

/// <summary>
/// The wire's JSON, source-generated for the server (binding, answers, the OpenAPI document's schemas) and the
/// WebAssembly client alike. Names are Primero's snake_case; null values are written unless a property says otherwise,
/// because Primero writes some (a flag's <c>unflag_message</c>, a whole list's <c>per</c>) and leaves others out.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, MaxDepth = 32)]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(SignInRequest))]
[JsonSerializable(typeof(SignInResponse))]
[JsonSerializable(typeof(SignInRefusal))]
[JsonSerializable(typeof(TransitionRequest))]
[JsonSerializable(typeof(DataEnvelope<TransitionRequest>), TypeInfoPropertyName = "TransitionRequestEnvelope")]
[JsonSerializable(typeof(TransitionAnswer))]
[JsonSerializable(typeof(DataEnvelope<TransitionAnswer>), TypeInfoPropertyName = "TransitionAnswerEnvelope")]
[JsonSerializable(typeof(DataEnvelope<TransitionJson>), TypeInfoPropertyName = "TransitionEnvelope")]
[JsonSerializable(typeof(DataEnvelope<IReadOnlyList<TransitionJson>>), TypeInfoPropertyName = "TransitionListEnvelope")]
[JsonSerializable(typeof(BulkTransitionResponse))]
[JsonSerializable(typeof(DataEnvelope<IReadOnlyList<TransitionRecipient>>), TypeInfoPropertyName = "TransitionRecipientListEnvelope")]
[JsonSerializable(typeof(FlagRequest))]
[JsonSerializable(typeof(DataEnvelope<FlagRequest>), TypeInfoPropertyName = "FlagRequestEnvelope")]
[JsonSerializable(typeof(DataEnvelope<FlagJson>), TypeInfoPropertyName = "FlagEnvelope")]
[JsonSerializable(typeof(DataEnvelope<IReadOnlyList<FlagJson>>), TypeInfoPropertyName = "FlagListEnvelope")]
[JsonSerializable(typeof(ListEnvelope<FlagJson>), TypeInfoPropertyName = "FlagPage")]
[JsonSerializable(typeof(DataEnvelope<BulkFlagResponse>), TypeInfoPropertyName = "BulkFlagEnvelope")]
[JsonSerializable(typeof(ApprovalRequest))]
[JsonSerializable(typeof(DataEnvelope<ApprovalRequest>), TypeInfoPropertyName = "ApprovalRequestEnvelope")]
[JsonSerializable(typeof(DataEnvelope<ApprovalResponse>), TypeInfoPropertyName = "ApprovalEnvelope")]
[JsonSerializable(typeof(DataEnvelope<IReadOnlyList<AlertJson>>), TypeInfoPropertyName = "AlertListEnvelope")]
[JsonSerializable(typeof(DataEnvelope<IReadOnlyDictionary<string, int>>), TypeInfoPropertyName = "AlertCountsEnvelope")]
public sealed partial class WireJson : JsonSerializerContext;
