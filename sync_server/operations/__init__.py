"""Operations (issue [11]): server backups (tiers, retention, encryption at rest, copies
on more than one machine, verification by restore), and database care."""
