namespace Amparo.Server.Features.Roles;

/// <summary>
/// Primero's permission vocabulary: every resource and the actions a role may be granted on it
/// (<c>GET /api/v2/permissions</c>). <c>manage</c> on a resource grants every action on it.
/// </summary>
internal static class PermissionCatalog
{
    public const string Manage = "manage";

    public static readonly IReadOnlyList<string> ScopeLevels = ["self", "group", "all", "admin_only", "agency", "identified"];

    /// <summary>Primero's <c>management</c> list, served as is for wire compatibility.</summary>
    public static readonly IReadOnlyList<string> Management = ["self", "group", "all", "admin_only", "agency", "webhook"];

    private static string[] A(string actions) => actions.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static readonly IReadOnlyDictionary<string, string[]> ResourceActions = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["case"] = A("read create write enable_disable_record flag flag_multiple resolve_any_flag flag_update attribute " +
            "incident_from_case incident_details_from_case view_incident_from_case service_provision_incident_details " +
            "services_section_from_case export_list_view_csv export_csv export_xls export_photowall export_unhcr_csv export_pdf " +
            "export_duplicate_id_csv export_json export_custom import consent_override sync_external sync_mobile " +
            "request_approval_assessment request_approval_case_plan request_approval_closure request_approval_action_plan " +
            "request_approval_gbv_closure approve_assessment approve_case_plan approve_closure approve_action_plan approve_gbv_closure " +
            "self_approve search_owned_by_others display_view_page request_transfer view_photo referral_from_service add_note " +
            "find_tracing_match assign assign_within_agency assign_within_user_group remove_assigned_users transfer receive_transfer " +
            "accept_or_reject_transfer referral receive_referral access_log receive_referral_different_module reopen close " +
            "view_protection_concerns_filter change_log list_case_names view_registry_record add_registry_record view_family_record " +
            "case_from_family link_family_record remove_alert service_own_entries_only create_case_from_referral " +
            "update_case_relationships view_case_relationships manage"),
        ["incident"] = A("read create write enable_disable_record flag resolve_any_flag flag_update export_list_view_csv export_csv " +
            "export_xls export_pdf export_incident_recorder_xls export_json export_custom import sync_mobile change_log access_log " +
            "export_mrm_violation_xls remove_alert verify_mrm assign link_incident_to_case manage"),
        ["tracing_request"] = A("read create write enable_disable_record flag resolve_any_flag flag_update export_list_view_csv " +
            "export_csv export_xls export_pdf export_json export_custom import change_log access_log manage"),
        ["registry_record"] = A("read create write enable_disable_record flag resolve_any_flag flag_update export_csv export_xls " +
            "export_json change_log access_log sync_mobile manage"),
        ["family"] = A("read create write enable_disable_record flag resolve_any_flag flag_update reopen close export_list_view_csv " +
            "export_csv export_xls export_pdf export_json export_custom access_log sync_mobile case_from_family search_owned_by_others " +
            "search_and_select_family_record display_view_page assign change_log manage"),
        ["potential_match"] = A("read view_audio view_photo manage"),
        ["role"] = A("create read write assign copy manage delete"),
        ["user"] = A("create read agency_read write disable_multiple send_email_multiple manage"),
        ["user_group"] = A("create read write assign manage delete"),
        ["agency"] = A("read write assign manage"),
        ["webhook"] = A("create read write delete manage"),
        ["metadata"] = A("manage manage_restricted"),
        ["system"] = A("manage"),
        ["report"] = A("read group_read agency_read create write manage"),
        ["managed_report"] = A("violations gbv_statistics ghn_report individual_children workflow_report protection_outcomes " +
            "process_quality_total_cases process_quality_average_cases process_quality_successful_referrals " +
            "process_quality_implemented_referrals case_characteristics cases_workflow_report violence_type_report " +
            "referrals_transfers_report protection_concerns_report followups_report services_report reporting_locations_report " +
            "case_management_kpis_report case_management_kpis_service_referrals_report distribution_users_role_report"),
        ["dashboard"] = A("case_overview case_risk approvals_assessment approvals_assessment_pending approvals_case_plan " +
            "approvals_case_plan_pending approvals_closure approvals_closure_pending approvals_action_plan approvals_action_plan_pending " +
            "approvals_gbv_closure approvals_gbv_closure_pending view_response dash_reporting_location dash_protection_concerns " +
            "dash_matching_results dash_service_provisions dash_cases_to_assign workflow workflow_team cases_by_task_overdue_assessment " +
            "cases_by_task_overdue_case_plan cases_by_task_overdue_services cases_by_task_overdue_followups dash_cases_by_social_worker " +
            "dash_protection_concerns_by_location dash_show_none_values dash_tasks dash_flags dash_shared_with_me dash_shared_with_others " +
            "dash_group_overview dash_shared_with_my_team dash_shared_with_my_team_overview dash_shared_from_my_team " +
            "dash_case_incident_overview dash_national_admin_summary dash_violations_category_verification_status " +
            "dash_violations_category_region dash_perpetrator_armed_force_group_party_names action_needed_new_updated " +
            "action_needed_new_referrals action_needed_transfer_awaiting_acceptance action_needed_identified"),
        ["audit_log"] = A("read"),
        ["usage_report"] = A("read"),
        ["matching_configuration"] = A("manage"),
        ["duplicate"] = A("read"),
        ["code_of_conduct"] = A("manage"),
        ["activity_log"] = A("manage transfer"),
        ["kpi"] = A("read kpi_assessment_status kpi_average_followup_meetings_per_case kpi_average_referrals kpi_case_closure_rate " +
            "kpi_case_load kpi_client_satisfaction_rate kpi_completed_case_action_plans kpi_completed_case_safety_plans " +
            "kpi_completed_supervisor_approved_case_action_plans kpi_number_of_cases kpi_number_of_incidents kpi_reporting_delay " +
            "kpi_services_provided kpi_supervisor_to_caseworker_ratio kpi_time_from_case_open_to_close"),
        ["primero_configuration"] = A("manage"),
    };

    public static bool IsKnown(string resource, string action) =>
        ResourceActions.TryGetValue(resource, out var actions) && actions.Contains(action, StringComparer.Ordinal);
}
