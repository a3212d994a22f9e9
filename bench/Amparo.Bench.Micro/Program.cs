using System.Text.Json.Nodes;
using Amparo.Forms;
using Amparo.Server.Features.Auth;
using Amparo.Server.Features.Forms;
using Amparo.Server.Features.Records;
using Amparo.Server.Features.Roles;
using Amparo.Server.Platform.Data;
using Amparo.Server.Platform.Tenancy;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;

// In-process micro-benchmarks of the code every record write and list runs (issue 7):
//   dotnet run -c Release --project bench/Amparo.Bench.Micro -- --filter '*' --job short --inProcess
BenchmarkSwitcher.FromAssembly(typeof(Amparo.Bench.Micro.FormEngine).Assembly).Run(args);

namespace Amparo.Bench.Micro
{
    /// <summary>A case of about forty answers, with family, service and follow-up rows, as the harness's create sends.</summary>
    internal static class SampleCase
    {
        public static JsonObject Create() => new()
        {
            ["name_first"] = "Mohammed", ["name_last"] = "Haddad", ["sex"] = "male", ["date_of_birth"] = "2014-03-02", ["age"] = 12,
            ["estimated"] = false, ["telephone_current"] = "+962 79 555 1234", ["address_current"] = "12 Market Street",
            ["nationality"] = new JsonArray("syrian"), ["languages"] = new JsonArray("arabic"), ["displacement_status"] = "refugee",
            ["registration_date"] = "2026-10-01", ["caseworker_name"] = "Grace Otieno", ["consent_source"] = "parent",
            ["consent_for_services"] = true, ["disclosure_other_orgs"] = false, ["care_arrangements_type"] = "parent_s",
            ["name_caregiver"] = "Fatima Haddad", ["relationship_caregiver"] = "mother", ["household_adults"] = 2,
            ["household_children"] = new JsonObject { ["boys"] = 2, ["girls"] = 1 }, ["protection_status"] = "separated",
            ["protection_concerns"] = new JsonArray("neglected", "street_child"), ["concern_details"] = "Reported by the community focal point.",
            ["urgent_protection_concern"] = "false", ["risk_level"] = "high", ["risk_level_reason"] = "Exposure to violence at home.",
            ["assessment_requested_on"] = "2026-10-03", ["assessment_completed_on"] = "2026-10-08", ["assessment_score_safety"] = 2,
            ["assessment_score_care"] = 1, ["assessment_score_health"] = 0, ["assessment_score_education"] = 3, ["assessment_score_wellbeing"] = 2,
            ["date_case_plan"] = "2026-10-20", ["case_plan_goal"] = "Safe and stable care arrangement.",
            ["family_details_section"] = new JsonArray(new JsonObject { ["unique_id"] = "9f1d0c8e-0000-4000-8000-000000000001", ["relation_name"] = "Fatima Haddad", ["relation"] = "mother", ["relation_is_alive"] = "true" }),
            ["services_section"] = new JsonArray(
                new JsonObject { ["unique_id"] = "9f1d0c8e-0000-4000-8000-000000000002", ["service_type"] = "psychosocial_service", ["service_response_timeframe"] = "3_days", ["service_appointment_date"] = "2026-10-12", ["service_implemented"] = "implemented", ["service_implemented_day_time"] = "2026-10-14" },
                new JsonObject { ["unique_id"] = "9f1d0c8e-0000-4000-8000-000000000003", ["service_type"] = "education_service", ["service_response_timeframe"] = "1_week", ["service_appointment_date"] = "2026-10-22", ["service_implemented"] = "not_implemented" }),
            ["followup_subform_section"] = new JsonArray(new JsonObject { ["unique_id"] = "9f1d0c8e-0000-4000-8000-000000000004", ["followup_type"] = "for_service", ["followup_needed_by_date"] = "2026-10-25", ["followup_date"] = "2026-10-24", ["child_was_seen"] = "true", ["followup_comments"] = "Seen at home." }),
        };
    }

    /// <summary>The form engine on one write: type checks, merge into the stored record, skip logic and calculations, required answers.</summary>
    [MemoryDiagnoser]
    public class FormEngine
    {
        private readonly FormSchema _schema = new(DefaultConfiguration.FormsFor("case"));
        private readonly JsonObject _case = SampleCase.Create();
        private readonly JsonObject _stored = SampleCase.Create();
        private readonly JsonObject _patch = new()
        {
            ["risk_level"] = "medium", ["concern_details"] = "Reviewed at the visit.",
            ["services_section"] = new JsonArray(new JsonObject { ["unique_id"] = "9f1d0c8e-0000-4000-8000-000000000003", ["service_implemented"] = "implemented", ["service_implemented_day_time"] = "2026-10-30" }),
            ["followup_subform_section"] = new JsonArray(new JsonObject { ["unique_id"] = "9f1d0c8e-0000-4000-8000-000000000005", ["followup_type"] = "in_care", ["child_was_seen"] = "true" }),
        };

        [Benchmark(Description = "validate a 40-field case (types, rules, required)")]
        public int Validate()
        {
            var input = RecordValidator.Sanitize(_case, _schema);
            var errors = RecordValidator.ValidateTypes(input, _schema, null, new DateOnly(2026, 11, 28)).Count;
            var document = input.DeepClone().AsObject();
            var rules = RecordRules.Apply(document, _schema);
            return errors + RecordValidator.ValidateRequired(document, _schema, rules).Count;
        }

        [Benchmark(Description = "merge a PATCH into a stored case (subform rows by unique_id)")]
        public int Merge()
        {
            var target = _stored.DeepClone().AsObject();
            return RecordMerge.Apply(target, _patch.DeepClone().AsObject()).Count;
        }
    }

    /// <summary>What a list request builds before it reaches the database: the access rule, the parsed filters, the SQL.</summary>
    [MemoryDiagnoser]
    public class AccessFilter
    {
        private readonly CurrentUser _user = new(42, "bench000", "group", "role-bench-group-worker", RolePermissions.Parse("""{"case":["read","create","write"]}"""),
            3, new HashSet<int> { 7 }, new Dictionary<string, string>(), null);
        private readonly Dictionary<string, StringValues> _query = new()
        {
            ["status"] = "open", ["sex"] = "female", ["order_by"] = "created_at", ["order"] = "desc", ["per"] = "20", ["page"] = "2",
        };
        private SqliteAmparoDbContext _db = null!;

        [GlobalSetup]
        public void Setup()
        {
            var tenant = new TenantContext();
            tenant.Set(Guid.CreateVersion7());
            _db = new SqliteAmparoDbContext(new DbContextOptionsBuilder<SqliteAmparoDbContext>().UseSqlite("Data Source=:memory:").Options, tenant);
        }

        [GlobalCleanup]
        public void Cleanup() => _db.Dispose();

        [Benchmark(Description = "access rule (group scope)")]
        public object Rule() => _db.ReadableRecords(_user).Expression;

        [Benchmark(Description = "parse list filters (status, sex)")]
        public int ParseFilters() => RecordFilterParser.Parse(_query, name => name is "status" or "sex" ? name : null).Count;

        [Benchmark(Description = "access rule + filter → SQL text (EF translation)")]
        public int ToSql()
        {
            var status = "open";
            return _db.ReadableRecords(_user).AsNoTracking().Where(r => r.RecordType == "case")
                .Where(r => r.Status == status).OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(20)
                .ToQueryString().Length;
        }
    }
}
