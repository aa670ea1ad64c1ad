CREATE INDEX match_candidate_chain IF NOT EXISTS FOR (n:MatchCandidate) ON (n.chain)
