"""The words of a template: product-line and unit names, job titles, id prefixes, people's names.

Plain data, read when seats become positions; it knows nothing of variants, spans or plans.
"""

from __future__ import annotations

__all__ = [
    "BUSINESS_UNIT_NAMES",
    "FIRST_NAMES",
    "ID_PREFIX",
    "LAST_NAMES",
    "PRODUCT_LINE_NAMES",
    "TITLES",
]

PRODUCT_LINE_NAMES: tuple[str, ...] = (
    "Payments", "Growth", "Platform", "Search", "Checkout", "Identity", "Messaging", "Onboarding",
    "Billing", "Catalog", "Logistics", "Recommendations", "Notifications", "Security",
    "Integrations", "Pricing", "Mobile", "Insights", "Ads", "Loyalty", "Subscriptions", "Support",
    "Reporting", "Fulfilment", "Inventory", "Trust and Safety", "Localisation", "Developer Tools",
    "Data Platform", "Maps", "Content", "Community", "Reviews", "Lending", "Fraud", "Compliance",
    "Partner API", "Accessibility", "Collaboration", "Automation",
)  # fmt: skip
"""Product-line names, used in order (``Payments 2`` and on when a chart needs more)."""

BUSINESS_UNIT_NAMES: tuple[str, ...] = (
    "Consumer", "Business", "Enterprise", "Marketplace", "Developer", "Creator", "Advertising",
    "Public Sector", "Education", "Health", "International", "Partners",
)  # fmt: skip
"""Business-unit names, used in order (``Consumer 2`` and on when a chart needs more)."""

FIRST_NAMES = (
    "Ada", "Grace", "Lin", "Noor", "Kai", "Ana", "Sam", "Ines", "Ravi", "Mei", "Tomas", "Amara",
    "Yuki", "Omar", "Sofia", "Jonas", "Priya", "Mateo", "Leila", "Felix", "Zara", "Diego", "Hana",
    "Ibrahim", "Elena", "Kofi", "Maya", "Arjun", "Chloe", "Emeka", "Freya", "Hugo", "Aisha",
    "Lars", "Nadia", "Paulo", "Rosa", "Tariq", "Uma", "Viktor",
)  # fmt: skip
LAST_NAMES = (
    "Lovelace", "Hopper", "Wei", "Haddad", "Berg", "Ruiz", "Okafor", "Duarte", "Iyer", "Tanaka",
    "Novak", "Mensah", "Sato", "Farouk", "Rossi", "Schmidt", "Patel", "Garcia", "Karimi", "Weber",
    "Ahmed", "Lopez", "Kim", "Diallo", "Petrova", "Owusu", "Cohen", "Nair", "Martin", "Obi",
    "Larsen", "Moreau", "Yilmaz", "Nilsen", "Silva", "Costa", "Jensen", "Khan", "Ito", "Volkov",
)  # fmt: skip

# Job titles as companies write them; each resolves back to its role through the title matcher.
TITLES = {
    "ceo": "Chief Executive Officer",
    "cpo": "Chief Product Officer",
    "vp_product": "VP of Product",
    "head_of_product": "Head of Product",
    "senior_director": "Senior Director of Product",
    "director": "Director of Product",
    "gpm": "Group Product Manager",
    "principal_pm": "Principal Product Manager",
    "senior_pm": "Senior Product Manager",
    "pm": "Product Manager",
    "apm": "Associate Product Manager",
    "designer": "Product Designer",
    "analyst": "Product Analyst",
}
# Short id prefixes: `dir-payments`, `pm-payments-3`.
ID_PREFIX = {
    "ceo": "ceo",
    "cpo": "cpo",
    "vp_product": "vp",
    "head_of_product": "hop",
    "senior_director": "sd",
    "director": "dir",
    "gpm": "gpm",
    "principal_pm": "ppm",
    "senior_pm": "spm",
    "pm": "pm",
    "apm": "apm",
    "designer": "designer",
    "analyst": "analyst",
}
