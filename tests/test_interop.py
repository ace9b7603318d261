"""Moving charts between tools: networkx, then each exchange format, both ways."""

from __future__ import annotations

from hypothesis import given, settings

from interop_charts import rich_charts
from orgroles import OrgChart, Role


class TestNetworkx:
    @settings(deadline=None)
    @given(rich_charts())
    def test_round_trip_keeps_everything(self, chart: OrgChart) -> None:
        back = OrgChart.from_networkx(chart.to_networkx())
        assert back == chart
        assert (back.name, back.variant, dict(back.attributes)) == (
            chart.name,
            chart.variant,
            dict(chart.attributes),
        )

    def test_round_trip_keeps_custom_roles_and_policy(self) -> None:
        owner = Role(key="product_owner", title="Product Owner", track="ic", level=2)
        chart = OrgChart(
            [{"id": "po", "role": "product_owner", "title": "PO"}],
            name="",
            roles=[owner],
            validation={"rules": {"one-to-one": "off"}},
        )
        back = OrgChart.from_networkx(chart.to_networkx())
        assert back == chart
        assert back.roles["product_owner"] == owner
        assert back.validation == {"rules": {"one-to-one": "off"}}

    def test_given_fields_win_over_the_graph(self) -> None:
        chart = OrgChart([{"id": "a", "role": "ceo"}], name="Acme", variant="startup")
        back = OrgChart.from_networkx(chart.to_networkx(), name="Other", variant="scaleup")
        assert (back.name, back.variant) == ("Other", "scaleup")
