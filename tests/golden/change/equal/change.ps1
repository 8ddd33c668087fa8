# adplan change plan: scenario 3 (Two single-name certificates and Web sites) -> scenario 3 (Two single-name certificates and Web sites), from old.json
# The plans are the same: nothing to change.
