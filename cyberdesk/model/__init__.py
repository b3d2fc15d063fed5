"""The interview: what the agent records at the customer's table, with its rules. No Qt here."""
