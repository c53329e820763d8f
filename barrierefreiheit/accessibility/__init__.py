"""Accessibility checks: axe-core runs, the site crawl, HTML validation."""
