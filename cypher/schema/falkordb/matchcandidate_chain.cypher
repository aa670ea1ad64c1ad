CREATE INDEX FOR (n:MatchCandidate) ON (n.chain)
