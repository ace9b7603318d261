"""orgroles: model, validate and draw product-management organisations.

The public names live here; the modules behind them are an implementation detail. Heavy
dependencies (networkx, Graphviz, hypothesis, pytest) load only when a feature needs them.

Examples:
    >>> import orgroles
    >>> chart = orgroles.loads('''
    ... positions:
    ...   - {id: ceo, role: ceo, name: Ada}
    ...   - {id: hop, role: head_of_product, reports_to: ceo}
    ... ''')
    >>> chart["hop"].vacant
    True
"""

from orgroles._version import __version__
from orgroles.chart import OrgChart
from orgroles.errors import (
    InvalidOrgError,
    OrgDataError,
    OrgFileError,
    OrgImportError,
    OrgRolesError,
    Place,
    Problem,
    RenderError,
    ReportingCycleError,
    TemplateError,
    UnknownPositionError,
    UnknownRoleError,
    UnknownRuleError,
    UnknownVariantError,
)
from orgroles.importers import (
    IMPORT_CODES,
    ImportProblem,
    ImportReport,
    ImportResult,
    from_records,
    product_org,
    read_csv,
    read_json,
    write_csv,
)
from orgroles.orgfile import dump, dumps, json_schema, load, load_roles, loads
from orgroles.position import Position
from orgroles.render import (
    ImageSizeWarning,
    render,
    render_files,
    to_dot,
    to_mermaid,
    to_text,
)
from orgroles.roles import Role, RoleCatalog, default_catalog, get_role, resolve_title, roles
from orgroles.templates import Recommendation, recommend_variant, template
from orgroles.traversal import (
    ancestors,
    depths,
    descendants,
    find_cycles,
    inherited,
    is_tree,
    missing_managers,
    roots,
    subtree_sizes,
    topological_order,
    unreachable,
    with_ancestors,
)
from orgroles.validation import (
    Finding,
    Policy,
    Report,
    Rule,
    load_policy,
    register_rule,
    rule,
    validate,
)
from orgroles.variants import Variant, get_variant, load_variant, variants

__all__ = [
    "IMPORT_CODES",
    "Finding",
    "ImageSizeWarning",
    "ImportProblem",
    "ImportReport",
    "ImportResult",
    "InvalidOrgError",
    "OrgChart",
    "OrgDataError",
    "OrgFileError",
    "OrgImportError",
    "OrgRolesError",
    "Place",
    "Policy",
    "Position",
    "Problem",
    "Recommendation",
    "RenderError",
    "Report",
    "ReportingCycleError",
    "Role",
    "RoleCatalog",
    "Rule",
    "TemplateError",
    "UnknownPositionError",
    "UnknownRoleError",
    "UnknownRuleError",
    "UnknownVariantError",
    "Variant",
    "__version__",
    "ancestors",
    "default_catalog",
    "depths",
    "descendants",
    "dump",
    "dumps",
    "find_cycles",
    "from_records",
    "get_role",
    "get_variant",
    "inherited",
    "is_tree",
    "json_schema",
    "load",
    "load_policy",
    "load_roles",
    "load_variant",
    "loads",
    "missing_managers",
    "product_org",
    "read_csv",
    "read_json",
    "recommend_variant",
    "register_rule",
    "render",
    "render_files",
    "resolve_title",
    "roles",
    "roots",
    "rule",
    "subtree_sizes",
    "template",
    "to_dot",
    "to_mermaid",
    "to_text",
    "topological_order",
    "unreachable",
    "validate",
    "variants",
    "with_ancestors",
    "write_csv",
]
