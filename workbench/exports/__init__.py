"""Exports: one class per format (registry.py), rendering a plain ExportDocument."""
