"""Validation: judge a chart against a variant and report every finding at once.

The package's public face. Rules are plain functions, one stable code each, registered in one
registry (``registry``) that ``validate`` runs and the rule reference page is generated from.
Importing this package registers the built-in rules: structure, then hierarchy, then shape.

Examples:
    >>> from orgroles import OrgChart, validate
    >>> chart = OrgChart([{"id": "a", "role": "pm", "reports_to": "b"},
    ...                   {"id": "b", "role": "pm", "reports_to": "a"}])
    >>> [(f.code, f.positions) for f in validate(chart, "startup").errors][:2]
    [('cycle', ('a', 'b')), ('no-root', ('a', 'b'))]
"""

from orgroles._policy import Policy, RulePolicy
from orgroles.validation.choose import Fit, VariantChoice, choose_variant, fit, select_variant
from orgroles.validation.engine import load_policy, unknown_rule_code, validate
from orgroles.validation.findings import (
    SEVERITIES,
    Finding,
    Report,
    Severity,
    VariantSource,
    format_findings,
)
from orgroles.validation.hierarchy import (
    find_forbidden_reports,
    find_ic_with_reports,
    find_rank_inversions,
    find_top_leader_problems,
)
from orgroles.validation.registry import (
    Category,
    Rule,
    RuleBody,
    RuleFunction,
    RuleRun,
    RuleSettings,
    StructureRuleFunction,
    get_rule,
    register_rule,
    registered_rules,
    rule,
    unregister_rule,
)
from orgroles.validation.shape import (
    find_forbidden_roles,
    find_missing_roles,
    find_one_to_one,
    find_size_mismatch,
    find_span_too_narrow,
    find_span_too_wide,
    find_title_role_mismatches,
    find_too_many_layers,
    find_unranked_roles,
    find_vacant_managers,
)

# The rule modules register themselves on import; the registry orders them by category.
from orgroles.validation.structure import (
    find_cycles,
    find_dotted_cycles,
    find_dotted_to_manager,
    find_multiple_roots,
    find_no_root,
    find_self_reports,
    find_unknown_dotted,
    find_unknown_managers,
)

__all__ = [
    "SEVERITIES",
    "Category",
    "Finding",
    "Fit",
    "Policy",
    "Report",
    "Rule",
    "RuleBody",
    "RuleFunction",
    "RulePolicy",
    "RuleRun",
    "RuleSettings",
    "Severity",
    "StructureRuleFunction",
    "VariantChoice",
    "VariantSource",
    "choose_variant",
    "find_cycles",
    "find_dotted_cycles",
    "find_dotted_to_manager",
    "find_forbidden_reports",
    "find_forbidden_roles",
    "find_ic_with_reports",
    "find_missing_roles",
    "find_multiple_roots",
    "find_no_root",
    "find_one_to_one",
    "find_rank_inversions",
    "find_self_reports",
    "find_size_mismatch",
    "find_span_too_narrow",
    "find_span_too_wide",
    "find_title_role_mismatches",
    "find_too_many_layers",
    "find_top_leader_problems",
    "find_unknown_dotted",
    "find_unknown_managers",
    "find_unranked_roles",
    "find_vacant_managers",
    "fit",
    "format_findings",
    "get_rule",
    "load_policy",
    "register_rule",
    "registered_rules",
    "rule",
    "select_variant",
    "unknown_rule_code",
    "unregister_rule",
    "validate",
]
