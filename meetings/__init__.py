"""General-assembly sessions: convocation, agenda, attendance, quorum, votes, decisions and minutes."""
