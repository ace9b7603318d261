"""orgroles: model, validate and draw product-management organisations.

The public names live here and load on first use; the modules behind them are an
implementation detail. Heavy dependencies (networkx, Graphviz, hypothesis, pytest) load only
when a feature needs them.

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

import importlib
import importlib.util
import typing

from orgroles import _display
from orgroles._version import __version__

if typing.TYPE_CHECKING:
    from orgroles._apply import apply
    from orgroles._diff import (
        CHANGE_KINDS,
        Change,
        ChartChange,
        DiffSummary,
        OrgDiff,
        SpanChange,
        UnitCount,
        diff,
    )
    from orgroles._diff_chart import diff_annotations, diff_chart
    from orgroles._render import (
        Annotations,
        Ghost,
        ImageSizeWarning,
        LegendEntry,
        Mark,
        Remedy,
        RenderedFile,
        Size,
        Style,
        render,
        render_files,
        to_dot,
        to_mermaid,
        to_text,
    )
    from orgroles._roles import (
        Role,
        RoleCatalog,
        default_catalog,
        get_role,
        resolve_title,
        roles,
    )
    from orgroles._stats import (
        SPAN_BAND_PRESETS,
        GroupStats,
        ManagerSpan,
        OrgStats,
        SpanBands,
        stats,
    )
    from orgroles._stats_plot import plot_stats
    from orgroles._variants import (
        Variant,
        get_variant,
        load_variant,
        variants,
    )
    from orgroles.chart import (
        OrgChart,
    )
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
        read_excel,
        read_json,
        write_csv,
    )
    from orgroles.interop import (
        Export,
        ExportNote,
        exchange_formats,
        export_chart,
        import_chart,
    )
    from orgroles.orgfile import (
        dump,
        dumps,
        json_schema,
        load,
        load_roles,
        loads,
    )
    from orgroles.position import (
        Position,
    )
    from orgroles.templates import (
        Recommendation,
        recommend_variant,
        template,
    )
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

# Public name -> the private module that defines it. Names load on first use (PEP 562, as
# SPEC 1 "lazy loading" does for scientific Python), so `import orgroles` costs a few
# milliseconds and a script pays only for the parts it uses: the CLI's `--version`, the pytest
# plugin loaded into every test run, the hypothesis hook.
_EXPORTS: dict[str, str] = {
    "Annotations": "orgroles._render",
    "Ghost": "orgroles._render",
    "ImageSizeWarning": "orgroles._render",
    "LegendEntry": "orgroles._render",
    "Mark": "orgroles._render",
    "Remedy": "orgroles._render",
    "RenderedFile": "orgroles._render",
    "Size": "orgroles._render",
    "Style": "orgroles._render",
    "render": "orgroles._render",
    "render_files": "orgroles._render",
    "to_dot": "orgroles._render",
    "to_mermaid": "orgroles._render",
    "to_text": "orgroles._render",
    "Role": "orgroles._roles",
    "RoleCatalog": "orgroles._roles",
    "default_catalog": "orgroles._roles",
    "get_role": "orgroles._roles",
    "resolve_title": "orgroles._roles",
    "roles": "orgroles._roles",
    "Variant": "orgroles._variants",
    "get_variant": "orgroles._variants",
    "load_variant": "orgroles._variants",
    "variants": "orgroles._variants",
    "apply": "orgroles._apply",
    "CHANGE_KINDS": "orgroles._diff",
    "Change": "orgroles._diff",
    "ChartChange": "orgroles._diff",
    "DiffSummary": "orgroles._diff",
    "OrgDiff": "orgroles._diff",
    "SpanChange": "orgroles._diff",
    "UnitCount": "orgroles._diff",
    "diff": "orgroles._diff",
    "diff_annotations": "orgroles._diff_chart",
    "diff_chart": "orgroles._diff_chart",
    "SPAN_BAND_PRESETS": "orgroles._stats",
    "GroupStats": "orgroles._stats",
    "ManagerSpan": "orgroles._stats",
    "OrgStats": "orgroles._stats",
    "SpanBands": "orgroles._stats",
    "stats": "orgroles._stats",
    "plot_stats": "orgroles._stats_plot",
    "OrgChart": "orgroles.chart",
    "InvalidOrgError": "orgroles.errors",
    "OrgDataError": "orgroles.errors",
    "OrgFileError": "orgroles.errors",
    "OrgImportError": "orgroles.errors",
    "OrgRolesError": "orgroles.errors",
    "Place": "orgroles.errors",
    "Problem": "orgroles.errors",
    "RenderError": "orgroles.errors",
    "ReportingCycleError": "orgroles.errors",
    "TemplateError": "orgroles.errors",
    "UnknownPositionError": "orgroles.errors",
    "UnknownRoleError": "orgroles.errors",
    "UnknownRuleError": "orgroles.errors",
    "UnknownVariantError": "orgroles.errors",
    "IMPORT_CODES": "orgroles.importers",
    "ImportProblem": "orgroles.importers",
    "ImportReport": "orgroles.importers",
    "ImportResult": "orgroles.importers",
    "from_records": "orgroles.importers",
    "product_org": "orgroles.importers",
    "read_csv": "orgroles.importers",
    "read_excel": "orgroles.importers",
    "read_json": "orgroles.importers",
    "write_csv": "orgroles.importers",
    "Export": "orgroles.interop",
    "ExportNote": "orgroles.interop",
    "exchange_formats": "orgroles.interop",
    "export_chart": "orgroles.interop",
    "import_chart": "orgroles.interop",
    "dump": "orgroles.orgfile",
    "dumps": "orgroles.orgfile",
    "json_schema": "orgroles.orgfile",
    "load": "orgroles.orgfile",
    "load_roles": "orgroles.orgfile",
    "loads": "orgroles.orgfile",
    "Position": "orgroles.position",
    "Recommendation": "orgroles.templates",
    "recommend_variant": "orgroles.templates",
    "template": "orgroles.templates",
    "ancestors": "orgroles.traversal",
    "depths": "orgroles.traversal",
    "descendants": "orgroles.traversal",
    "find_cycles": "orgroles.traversal",
    "inherited": "orgroles.traversal",
    "is_tree": "orgroles.traversal",
    "missing_managers": "orgroles.traversal",
    "roots": "orgroles.traversal",
    "subtree_sizes": "orgroles.traversal",
    "topological_order": "orgroles.traversal",
    "unreachable": "orgroles.traversal",
    "with_ancestors": "orgroles.traversal",
    "Finding": "orgroles.validation",
    "Policy": "orgroles.validation",
    "Report": "orgroles.validation",
    "Rule": "orgroles.validation",
    "load_policy": "orgroles.validation",
    "register_rule": "orgroles.validation",
    "rule": "orgroles.validation",
    "validate": "orgroles.validation",
}

# The chart shows itself in notebooks through the display hook; the renderers load when a
# chart is first shown, not when orgroles is imported (the chart never imports them).
_display.register_lazy("text/html", "orgroles._render", "chart_html")
_display.register_lazy("text/plain", "orgroles._render._text", "to_text")


def __getattr__(name: str) -> typing.Any:
    module = _EXPORTS.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module), name)
    elif not name.startswith("__") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
        # A subpackage used as an attribute (`orgroles.validation.find_cycles`) after only
        # `import orgroles`, as when everything was imported eagerly.
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module 'orgroles' has no attribute {name!r}")
    globals()[name] = value  # the next lookup is an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "CHANGE_KINDS",
    "IMPORT_CODES",
    "SPAN_BAND_PRESETS",
    "Annotations",
    "Change",
    "ChartChange",
    "DiffSummary",
    "Export",
    "ExportNote",
    "Finding",
    "Ghost",
    "GroupStats",
    "ImageSizeWarning",
    "ImportProblem",
    "ImportReport",
    "ImportResult",
    "InvalidOrgError",
    "LegendEntry",
    "ManagerSpan",
    "Mark",
    "OrgChart",
    "OrgDataError",
    "OrgDiff",
    "OrgFileError",
    "OrgImportError",
    "OrgRolesError",
    "OrgStats",
    "Place",
    "Policy",
    "Position",
    "Problem",
    "Recommendation",
    "Remedy",
    "RenderError",
    "RenderedFile",
    "Report",
    "ReportingCycleError",
    "Role",
    "RoleCatalog",
    "Rule",
    "Size",
    "SpanBands",
    "SpanChange",
    "Style",
    "TemplateError",
    "UnitCount",
    "UnknownPositionError",
    "UnknownRoleError",
    "UnknownRuleError",
    "UnknownVariantError",
    "Variant",
    "__version__",
    "ancestors",
    "apply",
    "default_catalog",
    "depths",
    "descendants",
    "diff",
    "diff_annotations",
    "diff_chart",
    "dump",
    "dumps",
    "exchange_formats",
    "export_chart",
    "find_cycles",
    "from_records",
    "get_role",
    "get_variant",
    "import_chart",
    "inherited",
    "is_tree",
    "json_schema",
    "load",
    "load_policy",
    "load_roles",
    "load_variant",
    "loads",
    "missing_managers",
    "plot_stats",
    "product_org",
    "read_csv",
    "read_excel",
    "read_json",
    "recommend_variant",
    "register_rule",
    "render",
    "render_files",
    "resolve_title",
    "roles",
    "roots",
    "rule",
    "stats",
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
