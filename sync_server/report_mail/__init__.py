"""Reports that arrive (issue [11], scope 7): the SOP's daily and weekly sales reports,
written as PDF and XLSX to the data folder and e-mailed to the people a tenant names,
once each, on schedule (docs/operations.md, "Reports that arrive")."""
