"""The health commission's console (/admin/): content, voucher batches, the facility registry,
the FAQ bot's curation, the audit log and the dashboard, for city and district admins.

`routes.py` makes the blueprint and what every page shares; each area registers its pages from
its own module (dashboard, content, batches, facilities, faq, audit)."""
