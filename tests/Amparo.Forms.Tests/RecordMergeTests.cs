using System.Text.Json.Nodes;

namespace Amparo.Forms.Tests;

public sealed class RecordMergeTests
{
    private const string Mother = "11111111-1111-1111-1111-111111111111";
    private const string Uncle = "22222222-2222-2222-2222-222222222222";
    private static readonly Guid NewRow = Guid.Parse("33333333-3333-3333-3333-333333333333");

    private static JsonObject Existing() => TestForms.Json($$"""
        {"age":12,"name_first":"Amina","family":[{"unique_id":"{{Mother}}","relation_type":"mother","relation_age":35},
                                                  {"unique_id":"{{Uncle}}","relation_type":"uncle","relation_age":40}],
         "tally":{"boys":1,"girls":2} }
        """);

    [Fact]
    public void Apply_ScalarsAreReplaced_AndOnlyChangedKeysReported()
    {
        var target = Existing();
        var changed = RecordMerge.Apply(target, TestForms.Json("""{"age":10,"name_first":"Amina"}"""));
        Assert.Equal(["age"], changed);
        Assert.Equal(10, target["age"]!.GetValue<int>());
    }

    [Fact]
    public void Apply_SubformRows_MergeByUniqueId_DestroyRemoves_NewRowsAppendWithId()
    {
        var target = Existing();
        var changed = RecordMerge.Apply(target, TestForms.Json($$"""
            {"family":[{"unique_id":"{{Mother}}","_destroy":true},{"unique_id":"{{Uncle}}","relation_age":50},{"relation_type":"aunt"}] }
            """), () => NewRow);
        Assert.Equal(["family"], changed);
        var rows = target["family"]!.AsArray();
        Assert.Equal(2, rows.Count);
        Assert.Equal(Uncle, rows[0]!["unique_id"]!.GetValue<string>());
        Assert.Equal("uncle", rows[0]!["relation_type"]!.GetValue<string>());
        Assert.Equal(50, rows[0]!["relation_age"]!.GetValue<int>());
        Assert.Equal(NewRow.ToString(), rows[1]!["unique_id"]!.GetValue<string>());
        Assert.Null(rows[1]!["_destroy"]);
    }

    [Fact]
    public void Apply_EmptyArray_LeavesSubformUnchanged_NullClearsIt()
    {
        var target = Existing();
        Assert.Empty(RecordMerge.Apply(target, TestForms.Json("""{"family":[]}""")));
        Assert.Equal(2, target["family"]!.AsArray().Count);

        Assert.Equal(["family"], RecordMerge.Apply(target, TestForms.Json("""{"family":null}""")));
        Assert.Null(target["family"]);
    }

    [Fact]
    public void Apply_ObjectsMergeDeeply()
    {
        var target = Existing();
        RecordMerge.Apply(target, TestForms.Json("""{"tally":{"girls":3}}"""));
        Assert.Equal(1, target["tally"]!["boys"]!.GetValue<int>());
        Assert.Equal(3, target["tally"]!["girls"]!.GetValue<int>());
    }

    [Fact]
    public void Apply_ArraysOfStringsAreReplaced()
    {
        var target = TestForms.Json("""{"languages":["english","arabic"]}""");
        RecordMerge.Apply(target, TestForms.Json("""{"languages":["french"]}"""));
        Assert.Equal(["french"], target["languages"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray());
    }

    [Fact]
    public void Apply_NewSubformOnEmptyRecord_GetsRowIds()
    {
        var target = new JsonObject();
        RecordMerge.Apply(target, TestForms.Json("""{"family":[{"relation_type":"sister"}]}"""), () => NewRow);
        Assert.Equal(NewRow.ToString(), target["family"]![0]!["unique_id"]!.GetValue<string>());
    }
}
