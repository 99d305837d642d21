"""The route planner and the comparison: several countries at once.

A request passes through once: the view (`views`) reads the chosen countries into a `Selection`
(`selection`), one function decides (`plan.plan_route`, or `compare.compare`), and every output
(the page, its print view, `/route/plan.json`, the downloads) renders what it returned. Which
international instruments apply on each border is one rule in `law`.
"""
