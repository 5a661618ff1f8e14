"""Reports for coordinators: coverage of the summer offer per wijk and week, the map, demand at the
door set against supply (the gaps), the round dashboard, and the exports for the subsidy report."""
