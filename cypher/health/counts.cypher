MATCH (n:Chain)
WITH count(n) AS count
RETURN 'Chain' AS label, count
UNION ALL
MATCH (n:Segment)
WITH count(n) AS count
RETURN 'Segment' AS label, count
UNION ALL
MATCH (n:Link)
WITH count(n) AS count
RETURN 'Link' AS label, count
UNION ALL
MATCH (n:Enterprise)
WITH count(n) AS count
RETURN 'Enterprise' AS label, count
UNION ALL
MATCH (n:Institution)
WITH count(n) AS count
RETURN 'Institution' AS label, count
UNION ALL
MATCH (n:Problem)
WITH count(n) AS count
RETURN 'Problem' AS label, count
UNION ALL
MATCH (n:Project)
WITH count(n) AS count
RETURN 'Project' AS label, count
UNION ALL
MATCH (n:Achievement)
WITH count(n) AS count
RETURN 'Achievement' AS label, count
UNION ALL
MATCH (n:Event)
WITH count(n) AS count
RETURN 'Event' AS label, count
UNION ALL
MATCH (n:Version)
WITH count(n) AS count
RETURN 'Version' AS label, count
UNION ALL
MATCH (n:MatchCandidate)
WITH count(n) AS count
RETURN 'MatchCandidate' AS label, count
UNION ALL
MATCH (n:AuditEntry)
WITH count(n) AS count
RETURN 'AuditEntry' AS label, count
UNION ALL
MATCH (n:ApiKey)
WITH count(n) AS count
RETURN 'ApiKey' AS label, count
