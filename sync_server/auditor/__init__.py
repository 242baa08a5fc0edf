"""The auditor's export (issue [13], scope 4): ``export.export_audit`` writes the folder
``shared.audit`` verifies, from the envelopes the server stored."""
